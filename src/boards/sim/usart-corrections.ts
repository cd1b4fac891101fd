/**
 * Where avr8js 0.21's USART departs from the ATmega's, put right for each USART of a power-on.
 * Each of these loses or stalls serial bytes in firmware that runs fine on the chip.
 *
 * - **UDRE0 is level-triggered.** avr8js clears UDRE0 when it dispatches the "data register
 *   empty" interrupt, as if it were TXC0. On the chip UDRE0 stays set until UDR0 is written, and
 *   the interrupt keeps firing while UDRIE0 is on. Arduino ≤ 1.0.x's HardwareSerial relies on
 *   that: its UDRE ISR turns UDRIE0 off only on an extra call with an empty buffer, which in
 *   avr8js eats the flag, so the next Serial.write() enables UDRIE0 with UDRE0 reading 0, no
 *   interrupt ever comes, and once the 64-byte TX ring fills write() spins forever (StandardFirmata
 *   2.3 from Arduino 1.0.6 boots, announces itself, then never answers the capability query).
 * - **Writing UCSRnB leaves a received byte alone.** avr8js withdraws RXCn (flag and pending
 *   interrupt) on every write to UCSRnB that keeps the receiver on. HardwareSerial writes UCSRnB
 *   each time it sends a byte (UDRIEn on in write(), off in its UDRE ISR), both with interrupts
 *   off: a byte that landed in that window was never read, and the next one took its place in
 *   UDRn. The host's message missing its last byte was ignored by the firmware (measured: about
 *   one write in 700 lost while StandardFirmata reported an analog pin every 20 ms). On the chip
 *   RXCn clears only when UDRn is read or the receiver is turned off, which flushes it.
 * - **UCSRnA's status flags are read-only.** avr8js stores a write to UCSRnA as is, masked to
 *   U2Xn and MPCMn, so RXCn, UDREn and TXCn read 0 after HardwareSerial's every write there. On
 *   the chip only U2Xn and MPCMn are written, and TXCn is cleared by writing a 1 to it.
 *
 * Guarded where it reaches into an avr8js private field: a later avr8js without it is left as is.
 */
import type { AVRUSART, CPU } from 'avr8js';

/** An interrupt as avr8js's CPU takes it (its type is not exported from the package's entry). */
type AVRInterruptConfig = Parameters<CPU['setInterruptFlag']>[0];

// UCSRnA's bits.
/** Receive complete: a byte waits in UDRn, unread (usart-link.ts reads it too). */
export const RXC = 0x80;
const TXC = 0x40;
const UDRE = 0x20;
const FE = 0x10;
const DOR = 0x08;
const UPE = 0x04;
/** What a write to UCSRnA cannot change: the status flags. TXCn is handled apart (a written 1 clears it). */
const UCSRA_READ_ONLY = RXC | UDRE | FE | DOR | UPE;
/** UCSRnB's receiver-enable bit. */
const RXEN = 0x10;

/** Where the USART's status and control registers are (avr8js's USART config has them). */
interface UsartRegisters {
  readonly UCSRA: number;
  readonly UCSRB: number;
}

/** The USART's own interrupt descriptions (avr8js keeps them private). */
interface UsartInterrupts {
  RXC?: AVRInterruptConfig;
  UDRE?: AVRInterruptConfig & { constant?: boolean };
}

/** Puts right, on `usart` (configured as `config` on `cpu`), what avr8js does otherwise than the chip. */
export function correctUsart(cpu: CPU, usart: AVRUSART, config: UsartRegisters): void {
  const { RXC: receiveComplete, UDRE: dataRegisterEmpty } = usart as unknown as UsartInterrupts;
  if (dataRegisterEmpty && typeof dataRegisterEmpty === 'object') dataRegisterEmpty.constant = true;
  keepStatusFlagsOnWrite(cpu, config.UCSRA);
  if (receiveComplete && typeof receiveComplete === 'object') keepReceivedByteOnControlWrite(cpu, config, receiveComplete);
}

function keepStatusFlagsOnWrite(cpu: CPU, UCSRA: number): void {
  const write = cpu.writeHooks[UCSRA];
  if (!write) return;
  cpu.writeHooks[UCSRA] = (value, oldValue, address, mask) => {
    const kept = oldValue & (UCSRA_READ_ONLY | (value & TXC ? 0 : TXC));
    const handled = write(value, oldValue, address, mask);
    cpu.data[UCSRA] = cpu.data[UCSRA]! | kept;
    return handled;
  };
}

function keepReceivedByteOnControlWrite(cpu: CPU, { UCSRA, UCSRB }: UsartRegisters, receiveComplete: AVRInterruptConfig): void {
  const write = cpu.writeHooks[UCSRB];
  if (!write) return;
  cpu.writeHooks[UCSRB] = (value, oldValue, address, mask) => {
    const unread = (cpu.data[UCSRA]! & RXC) !== 0;
    const handled = write(value, oldValue, address, mask);
    if (!(value & RXEN)) cpu.clearInterrupt(receiveComplete); // the receiver turned off is flushed
    else if (unread) cpu.setInterruptFlag(receiveComplete); // still unread: RXCn stays, and its interrupt comes if enabled
    return handled;
  };
}
