import { UserError, errorMessage } from '../errors.js';
import { MemoryMap } from '../intel-hex.js';
import { hex16 } from './protocol.js';

/** One flash page to program: page-aligned, exactly pageSize bytes, gaps filled with 0xFF. */
export interface FlashPage {
  address: number;
  data: Uint8Array;
}

export interface FlashImage {
  /** Pages holding data, ascending by address. */
  pages: FlashPage[];
  /** Data bytes the hex file defines (not counting padding). */
  byteCount: number;
  /** One past the highest address with data. */
  endAddress: number;
}

export interface ParseHexOptions {
  pageSize: number;
  /** Addresses at or above this are refused (the bootloader lives there). */
  maxBytes: number;
  /** For messages: the file name. */
  source?: string;
  /** For messages: what the hex must fit, e.g. "the ATmega328P's 32256 bytes of application flash". */
  limitDescription?: string;
}

/**
 * Parses Intel HEX text into flash pages. Throws a UserError naming the file for a malformed hex
 * (bad checksum, bad record), an empty one, or one too big for the chip.
 */
export function parseIntelHex(hexText: string | Buffer, options: ParseHexOptions): FlashImage {
  const source = options.source ?? 'the hex file';
  const text = typeof hexText === 'string' ? hexText : hexText.toString('latin1');
  let memory: InstanceType<typeof MemoryMap>;
  try {
    memory = MemoryMap.fromHex(text);
  } catch (error) {
    throw new UserError(
      `${source} is not a valid Intel HEX file (${errorMessage(error).replace(/\s+/g, ' ')}). ` +
        'Pass a .hex built for the Arduino Uno with --hex FILE.',
    );
  }

  let byteCount = 0;
  let endAddress = 0;
  for (const [address, block] of memory) {
    byteCount += block.length;
    endAddress = Math.max(endAddress, address + block.length);
  }
  if (byteCount === 0) {
    throw new UserError(`${source} contains no data to flash. Pass a .hex built for the Arduino Uno with --hex FILE.`);
  }
  if (endAddress > options.maxBytes) {
    const limit = options.limitDescription ?? `${options.maxBytes} bytes of flash`;
    throw new UserError(
      `${source} holds data up to address ${hex16(endAddress - 1)}, beyond ${limit}: it is not a ` +
        'sketch for this board (or would overwrite the bootloader). Pass a .hex built for the Arduino Uno with --hex FILE.',
    );
  }

  const pages = Array.from(memory.paginate(options.pageSize, 0xff), ([address, data]) => ({ address, data }));
  pages.sort((a, b) => a.address - b.address);
  return { pages, byteCount, endAddress };
}
