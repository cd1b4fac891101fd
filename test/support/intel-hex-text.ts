/**
 * Intel HEX text for `blocks` (address -> bytes), 16 data bytes per record, written here by hand.
 * A block that crosses a 64 KiB boundary must start on a multiple of 16.
 */
export function toIntelHex(blocks: Array<[number, Uint8Array]>): string {
  const lines: string[] = [];
  const record = (type: number, address: number, data: ArrayLike<number>): void => {
    const bytes = [data.length, (address >> 8) & 0xff, address & 0xff, type, ...Array.from(data)];
    const checksum = (0x100 - (bytes.reduce((a, b) => a + b, 0) & 0xff)) & 0xff;
    lines.push(`:${[...bytes, checksum].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')}`);
  };
  let upper = 0;
  for (const [start, data] of blocks) {
    for (let i = 0; i < data.length; i += 16) {
      const address = start + i;
      // Beyond 64 KiB: an extended linear address record (type 04) gives the upper 16 bits.
      if (address >>> 16 !== upper) {
        upper = address >>> 16;
        record(0x04, 0, [(upper >> 8) & 0xff, upper & 0xff]);
      }
      record(0x00, address & 0xffff, data.subarray(i, i + 16));
    }
  }
  record(0x01, 0, []);
  return `${lines.join('\r\n')}\r\n`;
}

/** Deterministic pseudo-random bytes (never all 0xFF, so a missed write shows). */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = (x >> 16) & 0xff;
  }
  return out;
}
