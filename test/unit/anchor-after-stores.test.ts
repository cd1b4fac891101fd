import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anchorAfterStores, changedBytes } from '../../src/boards/sim/anchor-after-stores.js';

/** `sts k, Rr`, two words. */
const sts = (address: number, register: number): number[] => [0x9200 | (register << 4), address];
const NOP = 0x0000;
/** A flash of `words` at word 0x100, nops around. */
function flash(words: number[]): Uint16Array {
  const image = new Uint16Array(0x400).fill(NOP);
  image.set(words, 0x100);
  return image;
}

describe("the idle-loop skip's anchor, after the stores of what a pass recomputes", () => {
  it('is the word after the last of the sts instructions that store the changed bytes (a variable stored byte by byte)', () => {
    const image = flash([...sts(0x26a, 22), ...sts(0x26b, 23), ...sts(0x26c, 24), ...sts(0x26d, 25), NOP]);
    assert.equal(anchorAfterStores(image, [0x26a, 0x26b, 0x26c, 0x26d]), 0x108);
    // Only the low byte changed (millis() moved by one): the anchor goes after its store.
    assert.equal(anchorAfterStores(image, [0x26a]), 0x102);
  });

  it('is none when the bytes are stored in places apart, or by no sts at all (through a pointer)', () => {
    const apart = flash([...sts(0x26a, 22), ...new Array<number>(40).fill(NOP), ...sts(0x26b, 23)]);
    assert.equal(anchorAfterStores(apart, [0x26a, 0x26b]), undefined);
    assert.equal(anchorAfterStores(flash([0x8380 /* st Z, r24 */]), [0x26a]), undefined);
    assert.equal(anchorAfterStores(flash(sts(0x26a, 22)), []), undefined);
  });

  it('compares two visits byte by byte from SRAM up, leaving out the scratch below the stack, and gives up past eight bytes', () => {
    const before = new Uint8Array(0x900);
    const after = before.slice();
    after[0x10] = 1; // a register: not looked at (from 0x100)
    after[0x26a] = 7;
    after[0x8f0] = 9; // scratch below the stack pointer
    assert.deepEqual(changedBytes(before, after, 0x100, 0x8e0, 0x8f8), [0x26a]);
    for (let address = 0x300; address < 0x308; address++) after[address] = 1;
    assert.equal(changedBytes(before, after, 0x100, 0x8e0, 0x8f8), undefined);
  });
});
