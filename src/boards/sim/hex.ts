/**
 * Intel HEX → AVR program memory. The parsing (record checksums, extended addresses) is
 * nrf-intel-hex's; this file only places the bytes into a flash image of the MCU's size.
 */
import { readFileSync } from 'node:fs';
import { UserError, errorMessage } from '../../errors.js';
import { MemoryMap } from '../../intel-hex.js';

/** Parses Intel HEX text into a flash image of `flashBytes` bytes (erased bytes read 0xFF),
 *  returned as the 16-bit words avr8js executes. Throws on malformed text or oversize data. */
export function parseHex(text: string, flashBytes: number): Uint16Array {
  const image = new Uint8Array(flashBytes).fill(0xff);
  const blocks = MemoryMap.fromHex(text);
  let used = 0;
  for (const [address, bytes] of blocks) {
    if (address + bytes.length > flashBytes) {
      throw new Error(
        `data at 0x${address.toString(16)}..0x${(address + bytes.length).toString(16)} ` +
          `does not fit in ${flashBytes} bytes of flash`,
      );
    }
    image.set(bytes, address);
    used += bytes.length;
  }
  if (used === 0) throw new Error('the file holds no data records');
  return new Uint16Array(image.buffer);
}

/** Reads and parses a .hex file; a missing or bad file is a UserError with advice. */
export function loadHexFile(path: string, flashBytes: number): Uint16Array {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    throw new UserError(
      `the StandardFirmata firmware for the simulated Uno is missing or unreadable (${path}: ${errorMessage(error)}): ` +
        'run npm install (it fetches and verifies it), or use the mock board (--board mock)',
    );
  }
  try {
    return parseHex(text, flashBytes);
  } catch (error) {
    throw new UserError(
      `${path} is not a usable Intel HEX firmware: ${errorMessage(error)}. ` +
        'Delete it and run "node firmware/fetch-firmware.mjs" again.',
    );
  }
}
