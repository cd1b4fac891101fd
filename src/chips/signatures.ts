/** Signatures of chips found on Arduino-compatible boards, to name what answered instead. */
const KNOWN_SIGNATURES: Record<string, string> = {
  '1e950f': 'ATmega328P',
  '1e9514': 'ATmega328',
  '1e9516': 'ATmega328PB',
  '1e9406': 'ATmega168',
  '1e940b': 'ATmega168P',
  '1e9307': 'ATmega8',
  '1e9587': 'ATmega32U4',
  '1e9801': 'ATmega2560',
  '1e9703': 'ATmega1280',
  '1e9651': 'ATmega4809',
};

/** "1e 95 0f" */
export function formatSignature(signature: ArrayLike<number>): string {
  return Array.from(signature, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** "ATmega328P", or undefined for a signature not in the table. */
export function chipNameForSignature(signature: ArrayLike<number>): string | undefined {
  return KNOWN_SIGNATURES[formatSignature(signature).replace(/ /g, '')];
}
