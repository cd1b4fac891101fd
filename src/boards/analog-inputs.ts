/** What these read of a board: its pins' modes (capabilities.ts's PinCapabilities has it; imported from there, this would be a cycle). */
interface PinModes {
  pinModes(pin: number): readonly string[];
}

/** Arduino's name of an analog input: 'A0', 'A1', … */
export type AnalogPinName = `A${number}`;

/** Pins looked at for analog inputs: past the Mega's last (A15 = 69). */
const MOST_PINS = 128;

/** The board's analog inputs, A0 first, as its pins say (an Uno's 14–19, a Mega's 54–69). */
export function analogInputs(board: PinModes): number[] {
  const pins: number[] = [];
  for (let pin = 0; pin < MOST_PINS; pin++) if (board.pinModes(pin).includes('analog-in')) pins.push(pin);
  return pins;
}

/** "pins 14–19 (A0–A5)": the analog inputs, for a message; undefined on a board that has none. */
export function analogInputsText(board: PinModes): string | undefined {
  const pins = analogInputs(board);
  if (pins.length === 0) return undefined;
  const consecutive = pins.every((pin, i) => i === 0 || pin === pins[i - 1]! + 1);
  const numbers = consecutive && pins.length > 1 ? `${pins[0]}–${pins.at(-1)}` : pins.join(', ');
  return `pins ${numbers} (A0${pins.length > 1 ? `–A${pins.length - 1}` : ''})`;
}

/**
 * The pin an analog read names: a number as it is, "A0"…"A15" as the board's first, second… analog
 * input (Arduino's names: A0 is 14 on an Uno, 54 on a Mega). Anything else is a RangeError that
 * lists the board's analog inputs.
 */
export function analogPin(board: PinModes, pin: number | string): number {
  if (typeof pin === 'number') return pin;
  const match = /^A(\d{1,2})$/i.exec(pin.trim());
  const inputs = analogInputs(board);
  const index = match ? Number(match[1]) : -1;
  if (index >= 0 && index < inputs.length) return inputs[index]!;
  const which = analogInputsText(board);
  throw new RangeError(`pin ${JSON.stringify(pin)} is not an analog input of this board${which ? `: they are ${which}` : ''}`);
}
