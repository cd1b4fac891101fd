/**
 * The simulated (and real) Uno's serial line, from the firmware's own numbers: StandardFirmata calls
 * Serial.begin(57600); on a 16 MHz ATmega328P the Arduino core then sets UBRR0 = 16 with U2X0 off
 * (its special case for 57600 at 16 MHz), so the line runs at F_CPU / (16 × (UBRR0 + 1)) baud.
 */
const F_CPU_HZ = 16_000_000;
const UBRR0 = 16;
const U2X0 = false;
/** 8N1: a start bit, 8 data bits, a stop bit. */
const BITS_PER_BYTE = 10;
/** A Firmata digital or analog write: one command byte and two 7-bit data bytes. */
export const BYTES_PER_WRITE = 3;

export const baud = F_CPU_HZ / ((U2X0 ? 8 : 16) * (UBRR0 + 1));

/** Milliseconds the line needs for `commands` Firmata writes, back to back. */
export function lineMs(commands: number): number {
  return ((commands * BYTES_PER_WRITE * BITS_PER_BYTE) / baud) * 1000;
}

/** Firmata writes per second the line can carry, back to back. */
export const writesPerSecond = baud / (BYTES_PER_WRITE * BITS_PER_BYTE);
