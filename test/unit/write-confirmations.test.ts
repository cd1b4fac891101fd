/**
 * How the simulated Uno matches writes to what its MCU then shows (src/boards/sim/write-confirmations.ts),
 * on a clock the test moves: a write is confirmed by the next change to its state once its bytes
 * landed, and one the MCU never shows fails `withinMs` of simulated time after they did.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteConfirmations } from '../../src/boards/sim/write-confirmations.js';

function confirmations() {
  const clock = { ms: 0 };
  const writes = new WriteConfirmations({
    now: () => clock.ms,
    withinMs: 2_000,
    timeout: (pin, expected) => new Error(`pin ${pin} never showed ${expected}`),
  });
  return { clock, writes };
}

/** A write whose bytes land when the test says. */
function inFlight() {
  let land!: () => void;
  const landed = new Promise<void>((resolve) => (land = resolve));
  return { landed, land };
}

describe('write confirmations, by what the MCU shows', () => {
  it('a write is confirmed at the simulated time of the change it expects, passing over changes to other states', async () => {
    const { writes } = confirmations();
    const write = inFlight();
    const confirmed = writes.expect(13, 'level:1', 'level:0', write.landed);
    write.land();
    await Promise.resolve();
    writes.changed(13, 'pwm:7', 5); // a register on its way, or another write
    writes.changed(13, 'level:1', 12.5);
    assert.deepEqual(await confirmed, { at: 12.5, changed: true });
    assert.equal(writes.pending, 0);
  });

  it('a write of the state the pin is already in is confirmed once its bytes landed, as no change', async () => {
    const { clock, writes } = confirmations();
    const write = inFlight();
    const confirmed = writes.expect(13, 'level:0', 'level:0', write.landed);
    clock.ms = 40;
    write.land();
    assert.deepEqual(await confirmed, { at: 40, changed: false });
  });

  it('a second write of the level the first one set, both in flight, is no change', async () => {
    const { writes } = confirmations();
    const [first, second] = [inFlight(), inFlight()];
    const confirmedFirst = writes.expect(13, 'level:1', 'level:0', first.landed);
    const confirmedSecond = writes.expect(13, 'level:1', 'level:0', second.landed);
    first.land();
    second.land();
    await Promise.resolve();
    writes.changed(13, 'level:1', 3);
    assert.deepEqual(await confirmedFirst, { at: 3, changed: true });
    assert.equal((await confirmedSecond).changed, false);
  });

  it('a write the MCU never shows fails once withinMs of simulated time passed after its bytes landed, not before, and not counted from the send', async () => {
    const { clock, writes } = confirmations();
    const write = inFlight();
    const confirmed = writes.expect(9, 'servo:120', 'servo:76', write.landed);
    let settled = false;
    void confirmed.catch(() => (settled = true));
    clock.ms = 5_000; // the bytes waited on the line
    writes.expire();
    write.land();
    await Promise.resolve();
    clock.ms = 7_000;
    writes.expire();
    await Promise.resolve();
    assert.equal(settled, false, '2,000 ms after landing is not yet past');
    clock.ms = 7_001;
    writes.expire();
    await assert.rejects(confirmed, /pin 9 never showed servo:120/);
    assert.equal(writes.pending, 0);
  });
});
