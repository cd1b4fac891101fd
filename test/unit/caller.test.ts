import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { asCaller, currentCaller, newCaller } from '../../src/runtime/caller.js';

describe('who asked: the caller of the frame being handled', () => {
  it('is known while the frame starts its work, and no one after', () => {
    const caller = newCaller('127.0.0.2');
    assert.equal(currentCaller(), undefined);
    assert.equal(asCaller(caller, () => currentCaller()), caller);
    assert.equal(currentCaller(), undefined);
  });

  it('is restored after a nested caller, and after work that throws', () => {
    const outer = newCaller('10.0.0.1');
    const inner = newCaller('10.0.0.2');
    asCaller(outer, () => {
      assert.equal(asCaller(inner, () => currentCaller()), inner);
      assert.equal(currentCaller(), outer);
      assert.throws(() => asCaller(inner, () => { throw new Error('loop failed'); }), /loop failed/);
      assert.equal(currentCaller(), outer);
    });
  });

  it('is never another connection\'s: work resumed after an await while another frame is handled is no one\'s', async () => {
    const a = newCaller('10.0.0.1');
    const b = newCaller('10.0.0.2');
    const seen: Array<string | undefined> = [];
    const first = asCaller(a, async () => {
      seen.push(currentCaller()?.address);
      await sleep(5);
      seen.push(currentCaller()?.address);
    });
    asCaller(b, () => seen.push(currentCaller()?.address));
    await first;
    assert.deepEqual(seen, ['10.0.0.1', '10.0.0.2', undefined]);
  });

  it('each connection its own, even from one address', () => {
    assert.notEqual(newCaller('127.0.0.1').connection, newCaller('127.0.0.1').connection);
  });
});
