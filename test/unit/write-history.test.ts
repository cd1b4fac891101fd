import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { WriteHistory } from '../../src/boards/write-history.js';

describe("the mock board's write history", () => {
  it('keeps the last writes in order, counts them all, and stays bounded', async () => {
    const board = new MockBoard({ historySize: 3 });
    for (const value of [1, 0, 1, 1, 0] as const) await board.digitalWrite(13, value);
    assert.equal(board.writes.count, 5);
    assert.deepEqual(board.writes.recent().map((w) => w.value), [1, 1, 0]);
    assert.deepEqual(board.writes.recent(2).map((w) => w.value), [1, 0]);
    assert.equal(board.writes.last()?.value, 0);
    assert.equal(board.level(13), 0);
  });

  it('holds 1,000 writes by default, however many are made', async () => {
    const board = new MockBoard();
    for (let index = 0; index < 5_000; index++) await board.digitalWrite(13, (index % 2) as 0 | 1);
    assert.equal(board.writes.capacity, 1_000);
    assert.equal(board.writes.count, 5_000);
    assert.equal(board.writes.recent().length, 1_000);
    assert.equal(board.writes.last()?.value, 1);
  });

  it('gives back each write as it was recorded, whichever way it was recorded', () => {
    const history = new WriteHistory(3);
    history.add({ pin: 13, kind: 'digital', value: 1, at: 1_700_000_000_001 });
    history.record(3, 'pwm', 128, 1_700_000_000_002);
    assert.deepEqual(history.recent(), [
      { pin: 13, kind: 'digital', value: 1, at: 1_700_000_000_001 },
      { pin: 3, kind: 'pwm', value: 128, at: 1_700_000_000_002 },
    ]);
    assert.deepEqual(history.recent(0), []);
    assert.deepEqual(history.last(), { pin: 3, kind: 'pwm', value: 128, at: 1_700_000_000_002 });
  });

  it('keeps what kind each write was: digital, PWM, servo, servo detached', () => {
    const history = new WriteHistory(4);
    const writes = [
      { pin: 13, kind: 'digital', value: 1, at: 1 },
      { pin: 3, kind: 'pwm', value: 128, at: 2 },
      { pin: 9, kind: 'servo', value: 90, at: 3 },
      { pin: 9, kind: 'servo-detach', value: 0, at: 4 },
    ] as const;
    for (const write of writes) history.add(write);
    assert.deepEqual(history.recent(), writes);
  });

  it('is empty before the first write, and refuses a size that is not a positive integer', () => {
    const history = new WriteHistory(2);
    assert.deepEqual(history.recent(), []);
    assert.equal(history.last(), undefined);
    assert.throws(() => new WriteHistory(0), /positive integer/);
  });
});
