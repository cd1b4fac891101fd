import { createRequire } from 'node:module';

/** nrf-intel-hex's MemoryMap class (the package's .d.ts types its CommonJS export as `default`). */
type MemoryMapClass = typeof import('nrf-intel-hex').default;

const require = createRequire(import.meta.url);
let memoryMapClass: MemoryMapClass | undefined;

/**
 * nrf-intel-hex, loaded on the first parse so that commands which never read a hex do not pay
 * for it. It is CommonJS (`module.exports = MemoryMap`): require() gives the class itself.
 */
function MemoryMap(): MemoryMapClass {
  return (memoryMapClass ??= require('nrf-intel-hex') as MemoryMapClass);
}

/** What an Intel HEX file holds: blocks of contiguous bytes by start address. */
export interface IntelHexData {
  /** Blocks by start address, ascending. */
  readonly blocks: ReadonlyMap<number, Uint8Array>;
  /** Data bytes the file defines (not counting gaps). */
  readonly byteCount: number;
  /** One past the highest address with data; 0 when there is none. */
  readonly endAddress: number;
  /** The data cut into pages of `pageSize` bytes at multiples of pageSize, gaps filled with `pad`, ascending. */
  pages(pageSize: number, pad: number): Array<{ address: number; data: Uint8Array }>;
}

/**
 * Parses Intel HEX text (record checksums, extended addresses: nrf-intel-hex). Throws nrf-intel-hex's
 * Error, which says what is wrong and where, for malformed text; callers add the advice.
 */
export function parseIntelHex(text: string | Buffer): IntelHexData {
  const memory = MemoryMap().fromHex(typeof text === 'string' ? text : text.toString('latin1'));
  let byteCount = 0;
  let endAddress = 0;
  for (const [address, block] of memory) {
    byteCount += block.length;
    endAddress = Math.max(endAddress, address + block.length);
  }
  return {
    blocks: memory,
    byteCount,
    endAddress,
    pages: (pageSize, pad) =>
      Array.from(memory.paginate(pageSize, pad), ([address, data]) => ({ address, data })).sort((a, b) => a.address - b.address),
  };
}
