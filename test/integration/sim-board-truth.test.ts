/**
 * What the simulated Uno's board confirms, and when: by event from the MCU's own registers, never
 * a write that did not reach it. One simulated Uno for the file.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { BoardOfflineError, type PinObservation, type PwmObservation } from '../../src/boards/board.js';
import type { ToneObservation } from '../../src/boards/sim/index.js';
import { createSimBoard, type SimBoard } from '../../src/boards/sim-board.js';

describe('the simulated Uno confirms writes by what its MCU shows', { timeout: 120_000 }, () => {
  let sim: SimBoard;

  before(async () => {
    sim = createSimBoard();
    await sim.board.ready();
  });
  after(async () => sim.board.close());

  it("a PWM write is confirmed from Timer2's registers; the frequency read there is the one measured on the pin", async () => {
    const measured = new Promise<ToneObservation>((resolve) => {
      const listener = (tone: ToneObservation) => tone.pin === 3 && tone.on && (sim.uno.off('tone', listener), resolve(tone));
      sim.uno.on('tone', listener);
    });
    const observed = new Promise<PwmObservation>((resolve) => sim.board.once('pwm', resolve));
    await sim.board.pwmWrite(3, 128);
    const confirmed = await observed;
    assert.equal(sim.uno.pwmState(3).driving, true, 'the timer drives the pin once the write resolves');
    assert.equal(confirmed.source, 'mcu');
    const tone = await measured;
    assert.ok(Math.abs(confirmed.frequency! - tone.frequency!) / tone.frequency! < 0.01, `registers say ${confirmed.frequency} Hz, edges say ${tone.frequency} Hz`);
    assert.ok(tone.at >= confirmed.at, 'the measurement needs edges: it comes after the confirmation');
    await sim.board.pwmWrite(3, 0);
    assert.equal(sim.uno.pwmState(3).driving, false);
  });

  it('a digital write resolves once the MCU pin shows it, at the simulated time of the edge', async () => {
    const observed = new Promise<PinObservation>((resolve) => sim.board.once('pin', resolve));
    const before = sim.uno.simulatedMs;
    await sim.board.digitalWrite(13, 1);
    assert.equal(sim.uno.pinLevel(13), 1);
    const observation = await observed;
    assert.ok(observation.at > before && observation.at <= sim.uno.simulatedMs);
    await sim.board.digitalWrite(13, 0);
  });

  it('a write that changes nothing is no observation: LOW on a pin never HIGH, HIGH on a pin already HIGH', async () => {
    const observed: PinObservation[] = [];
    const record = (observation: PinObservation) => observed.push(observation);
    sim.board.on('pin', record);
    await sim.board.digitalWrite(11, 0);
    await sim.board.digitalWrite(12, 1);
    await sim.board.digitalWrite(12, 1);
    await Promise.all([sim.board.digitalWrite(12, 0), sim.board.digitalWrite(12, 0), sim.board.digitalWrite(12, 1)]);
    sim.board.off('pin', record);
    assert.deepEqual(observed.map(({ pin, value }) => `${pin}→${value}`), ['12→1', '12→0', '12→1']);
    await sim.board.digitalWrite(12, 0);
  });

  it('the fail-safe at close says each output it turned LOW, in the order of the MCU’s time, and nothing of those already LOW', async () => {
    const other = createSimBoard();
    try {
      await other.board.ready();
      for (const pin of [4, 5, 6, 7]) await other.board.digitalWrite(pin, 0);
      for (const pin of [8, 9, 10]) await other.board.digitalWrite(pin, 1);
      const observed: PinObservation[] = [];
      other.board.on('pin', (observation: PinObservation) => observed.push(observation));
      await other.board.close();
      assert.deepEqual(observed.map(({ pin, value }) => `${pin}→${value}`).sort(), ['10→0', '8→0', '9→0']);
      const times = observed.map((observation) => observation.at);
      assert.deepEqual(times, [...times].sort((a, b) => a - b), `at runs forward: ${times.join(', ')}`);
    } finally {
      await other.board.close();
    }
  });

  it('writes in flight when the cable is pulled are refused, and only what the MCU showed is confirmed', async () => {
    const observed: PinObservation[] = [];
    const record = (observation: PinObservation) => observed.push(observation);
    sim.board.on('pin', record);
    // Two writes the MCU shows, then 48 sent and the cable pulled before the MCU could run them: the
    // same on a fast machine and a busy one (pulled once the first write was confirmed, a busy machine
    // had the MCU run all 50 in one turn, confirmed before the pull).
    const shown = [sim.board.digitalWrite(13, 0), sim.board.digitalWrite(13, 1)];
    await Promise.all(shown);
    const inFlight = Array.from({ length: 48 }, (_, index) => sim.board.digitalWrite(13, (index % 2) as 0 | 1));
    sim.uno.unplug();
    const writes = [...shown, ...inFlight];
    const results = await Promise.allSettled(writes);
    sim.board.off('pin', record);
    const confirmed = results.filter((result) => result.status === 'fulfilled').length;
    const refused = results.filter((result) => result.status === 'rejected');
    assert.deepEqual([confirmed, refused.length], [2, 48], `${confirmed} confirmed, ${refused.length} refused`);
    for (const result of refused) assert.ok((result as PromiseRejectedResult).reason instanceof BoardOfflineError);
    assert.equal(observed.length, confirmed - 1, 'one observation per confirmed write that changed the pin (not the first: LOW on a LOW pin), none for a refused one');
    assert.ok(observed.every((observation) => observation.source === 'mcu'));
    const online = once(sim.board, 'online');
    await sim.uno.plug();
    await online;
  });
});
