/**
 * The simulated Uno in lockstep with the host (src/time/lockstep.ts): the pacer runs a turn only
 * when the host lets it and exactly as far as it says; the FollowedClock, the host's side, lets it
 * once nothing new happens, and says "to my next timer, 1 ms after the host did something,
 * doubling to 16 ms while it does nothing".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pacer, type PacedMachine } from '../../src/boards/sim/pacer.js';
import { FollowedClock } from '../../src/time/followed-clock.js';

describe('the pacer in lockstep', () => {
  it('runs each turn exactly the cycles asked, and the next only once the host lets it', async () => {
    let ran = 0;
    const machine: PacedMachine = { cycles: () => ran, runUntil: (target) => void (ran = target), afterTurn: () => undefined };
    const waiting: Array<() => void> = [];
    const asked = [1_000, 16_000, 5];
    const pacer = new Pacer(machine, { clockHz: 16_000_000, lockstep: { turnCycles: () => asked.shift() ?? 0, whenHostIdle: (turn) => waiting.push(turn), noticed: () => undefined } });
    pacer.start('fast');
    const afterTurns: number[] = [];
    for (let turn = 0; turn < 4; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(waiting.length, 1, 'one turn waits for the host at a time');
      waiting.shift()!();
      afterTurns.push(ran);
    }
    pacer.stop();
    assert.deepEqual(afterTurns, [1_000, 17_000, 17_005, 17_006], 'as asked; at least a cycle when asked for none');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(waiting.length, 1, 'the wait of the stopped pacer');
    waiting.shift()!();
    assert.equal(ran, 17_006, 'a stopped pacer runs no turn');
  });
});

describe('the FollowedClock as the host’s side of the lockstep', () => {
  function following() {
    let now = 0;
    const moved: Array<() => void> = [];
    const clock = new FollowedClock({ settleTurns: 3 });
    clock.attach({ now: () => now, onMoved: (listener) => (moved.push(listener), () => undefined) });
    const turn = (ms: number) => {
      now += ms;
      for (const listener of moved) listener();
    };
    return { clock, turn, now: () => now };
  }

  it('ends turns at its timers, short after the host did something, doubling to 16 ms while it does nothing', () => {
    const { clock, turn } = following();
    const lengths: number[] = [];
    const take = () => {
      const ms = clock.lockstep.turnMs();
      lengths.push(ms);
      turn(ms);
    };
    take(); // the host did something since the start
    for (let i = 0; i < 6; i++) take();
    assert.deepEqual(lengths, [1, 2, 4, 8, 16, 16, 16]);
    clock.setTimer(() => undefined, 3.5); // at 66.5 ms
    take();
    assert.equal(lengths.at(-1), 1, 'the host set a timer: a short turn');
    take();
    take();
    assert.deepEqual(lengths.slice(-2), [2, 0.5], 'up to the timer, not past it');
    clock.lockstep.noticed();
    take();
    assert.equal(lengths.at(-1), 1, 'the host wrote to the MCU: a short turn');
  });

  it('lets the MCU run once the host settled: its due timers fired, and what they started done', async () => {
    const { clock } = following();
    const log: string[] = [];
    clock.setTimer(() => {
      log.push('timer');
      void Promise.resolve().then(() => setImmediate(() => (clock.notice(), log.push('its work'))));
    }, 0);
    await new Promise<void>((resolve) => clock.lockstep.whenHostIdle(() => (log.push('turn'), resolve())));
    assert.deepEqual(log, ['timer', 'its work', 'turn']);
  });
});
