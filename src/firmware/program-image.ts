/**
 * A hex file as the simulated MCU runs it: the whole program memory, as the 16-bit words avr8js
 * executes.
 */
import { readFileSync } from 'node:fs';
import { UserError, errorMessage } from '../errors.js';
import { bootloaderAdvice } from './bootloader-advice.js';
import { parseIntelHex } from './intel-hex.js';

/** Places Intel HEX text into a flash image of `flashBytes` bytes (erased bytes read 0xFF),
 *  returned as 16-bit words. Throws on malformed text or data beyond the flash. */
export function parseProgramImage(text: string, flashBytes: number): Uint16Array {
  const image = new Uint8Array(flashBytes).fill(0xff);
  const hex = parseIntelHex(text);
  for (const [address, bytes] of hex.blocks) {
    if (address + bytes.length > flashBytes) {
      throw new Error(
        `data at 0x${address.toString(16)}..0x${(address + bytes.length).toString(16)} ` +
          `does not fit in ${flashBytes} bytes of flash`,
      );
    }
    image.set(bytes, address);
  }
  if (hex.byteCount === 0) throw new Error('the file holds no data records');
  return new Uint16Array(image.buffer);
}

/**
 * Reads and parses the simulator's firmware; a missing or bad file is a UserError with advice.
 * `board` names the simulated board (and the `firmware fetch --board` that fetches its firmware).
 */
export function loadProgramImage(path: string, flashBytes: number, board: { title: string; name: string } = { title: 'Uno', name: 'uno' }): Uint16Array {
  const fetch = board.name === 'uno' ? 'npx pinmesh firmware fetch' : `npx pinmesh firmware fetch --board ${board.name}`;
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    throw new UserError(
      `the StandardFirmata firmware for the simulated ${board.title} is missing or unreadable (${path}: ${errorMessage(error)}): ` +
        `run ${fetch} (it fetches and verifies it), or use the mock board (--board mock; board: 'mock' in a program)`,
    );
  }
  try {
    return parseProgramImage(text, flashBytes);
  } catch (error) {
    throw new UserError(
      `${path} is not a usable Intel HEX firmware: ${errorMessage(error)}. ` +
        `Delete it and run ${fetch} again.`,
    );
  }
}

/**
 * Reads a hex file the person named (`--firmware`, `--bootloader`): a missing, unreadable or
 * malformed file, or one that does not fit the flash, is a UserError saying which file and why.
 */
export function loadUserImage(path: string, flashBytes: number, role: 'firmware' | 'bootloader', chip = 'ATmega328P'): Uint16Array {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    throw new UserError(`cannot read the ${role} ${path}: ${errorMessage(error)}; give the path of an Intel HEX file (.hex) built for the ${chip}`);
  }
  try {
    return parseProgramImage(text, flashBytes);
  } catch (error) {
    const more = role === 'bootloader' ? bootloaderAdvice(path, text, flashBytes) : '';
    throw new UserError(`${path} is not a usable ${role} for the ${chip}: ${errorMessage(error)}${more ? `. ${more}` : ''}`);
  }
}
