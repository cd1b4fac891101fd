/**
 * Where the idle-loop skip (idle-loop-skip.ts) should prove a loop that an interrupt keeps feeding.
 *
 * An idle Arduino sketch's loop reads the time the timer interrupt keeps (millis()) and stores it in
 * a global of its own: StandardFirmata's `currentMillis = millis()`. After each interrupt the first
 * pass stores the new time, so it differs from the visit before it, and the loop is proven only at
 * the next pass: unless the interrupt came before the pass's store, when the visit that follows it
 * already holds the new time. How often that is depends on where in the pass the anchor lies:
 * StandardFirmata's, picked where the CPU happened to be, needed the second pass in 42 % of its
 * milliseconds. With the anchor just after the store, only an interrupt between the read and the
 * store needs it.
 *
 * Found from the flash, not watched as the CPU runs: the `sts` instructions (direct stores, what
 * the compiler makes of a write to a global) that write the bytes the pass changed. They must sit
 * together (one variable, stored byte by byte); stores found apart, or none (a write through a
 * pointer), leave the anchor where it is. Any anchor proves only what it proves (two visits to it
 * in the same state): one that the loop never reaches, had a matching word been data, is given up
 * after a period, as any anchor is.
 */

/** Most bytes a pass may change for its stores to be looked for: a variable or two. */
const MAX_CHANGED = 8;
/** Words between the first and the last store of them: a 32-bit variable stored byte by byte is 8. */
const MAX_SPAN = 16;
/** `sts k, Rr`: 1001 001r rrrr 0000, then k. */
const isSts = (opcode: number): boolean => (opcode & 0xfe0f) === 0x9200;

/** The data addresses (at `from` and above) where `a` and `b` differ, outside [skipFrom, skipTo]; undefined past MAX_CHANGED. */
export function changedBytes(a: Uint8Array, b: Uint8Array, from: number, skipFrom: number, skipTo: number): number[] | undefined {
  const changed: number[] = [];
  for (let address = from; address < a.length; address++) {
    if (address >= skipFrom && address <= skipTo) continue;
    if (a[address] === b[address]) continue;
    if (changed.length === MAX_CHANGED) return undefined;
    changed.push(address);
  }
  return changed;
}

/**
 * The word address just after the `sts` instructions that store `addresses`, if they are the only
 * ones and sit together; else undefined.
 */
export function anchorAfterStores(flash: Uint16Array, addresses: readonly number[]): number | undefined {
  if (addresses.length === 0) return undefined;
  const wanted = new Set(addresses);
  let first = -1;
  let last = -1;
  for (let pc = 0; pc + 1 < flash.length; pc++) {
    if (!isSts(flash[pc]!) || !wanted.has(flash[pc + 1]!)) continue;
    if (first < 0) first = pc;
    last = pc;
    if (last - first > MAX_SPAN) return undefined;
  }
  return last < 0 ? undefined : last + 2;
}
