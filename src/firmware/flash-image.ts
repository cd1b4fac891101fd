import { ATMEGA328P } from '../chips/atmega328p.js';
import { applicationBytes, type AvrChip } from '../chips/avr-chip.js';
import { UserError, errorMessage } from '../errors.js';
import { hex16 } from '../hex-format.js';
import { parseIntelHex } from './intel-hex.js';

/** One flash page to program: page-aligned, exactly the chip's page size, gaps filled with 0xFF. */
export interface FlashPage {
  address: number;
  data: Uint8Array;
}

/** A hex file as a bootloader writes it: page by page. */
export interface FlashImage {
  /** Pages holding data, ascending by address. */
  pages: FlashPage[];
  /** Data bytes the hex file defines (not counting padding). */
  byteCount: number;
  /** One past the highest address with data. */
  endAddress: number;
}

export interface ParseFirmwareOptions {
  /** The chip the image is for. Default: the Uno's ATmega328P. */
  chip?: AvrChip;
  /** For messages: the file name. */
  source?: string;
  /** It must be a program: data at address 0, where the chip starts after reset (a person's --hex; not a test's pages). */
  program?: boolean;
}

/**
 * Parses a hex for `chip` into the pages its bootloader writes. Throws a UserError naming the
 * file for a malformed hex (bad checksum, bad record), an empty one, or one that reaches into
 * the bootloader section.
 */
export function parseFirmware(hexText: string | Buffer, options: ParseFirmwareOptions = {}): FlashImage {
  const chip = options.chip ?? ATMEGA328P;
  const source = options.source ?? 'the hex file';
  let hex: ReturnType<typeof parseIntelHex>;
  try {
    hex = parseIntelHex(hexText);
  } catch (error) {
    throw new UserError(
      `${source} is not a valid Intel HEX file (${errorMessage(error).replace(/\s+/g, ' ')}). ` +
        'Pass a .hex built for the Arduino Uno with --hex FILE.',
    );
  }

  const { byteCount, endAddress } = hex;
  if (byteCount === 0) {
    throw new UserError(`${source} contains no data to flash. Pass a .hex built for the Arduino Uno with --hex FILE.`);
  }
  const maxBytes = applicationBytes(chip);
  if (endAddress > maxBytes) {
    throw new UserError(
      `${source} holds data up to address ${hex16(endAddress - 1)}, beyond the ${maxBytes} bytes of application ` +
        `flash of an ${chip.name}: it is not a sketch for this board (or would overwrite the bootloader). ` +
        'Pass a .hex built for the Arduino Uno with --hex FILE.',
    );
  }
  // A program starts at address 0, the reset vector: a hex without it is something else (a bootloader's own hex).
  const startAddress = options.program ? Math.min(...[...hex.blocks].map(([address]) => address)) : 0;
  if (startAddress !== 0) {
    throw new UserError(
      `${source} holds no data at address 0x0000, where the ${chip.name} starts a program after reset (its data begins at ` +
        `${hex16(startAddress)}): it is not a sketch (a bootloader's own hex?). Pass a .hex built for the Arduino Uno with --hex FILE.`,
    );
  }
  return { pages: hex.pages(chip.pageSize, 0xff), byteCount, endAddress };
}
