import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, it } from 'node:test';
import { Pacer, type PacedMachine } from '../../src/boards/sim/pacer.js';
import { handClock } from '../support/hand-clock.js';

const CLOCK_HZ = 16_000_000;
const CYCLES_PER_MS = CLOCK_HZ / 1000;
const MAX_LEAD_MS = 4;
const LEAD_CHUNK = 250;

/** A machine that only counts cycles, asks for `wants` cycles beyond what it has run, and reports each turn. */
class CountingMachine implements PacedMachine {
  ran = 0;
  wants = 0;
  turns = 0;
  isQuiet = false;
  toldHost = false;
  onTurn: (() => void) | undefined;
  /** Called at the end of every turn, before `nextTurns` counts it. */
  everyTurn: (() => void) | undefined;
  cycles(): number {
    return this.ran;
  }
  /** Whole cycles, as an MCU runs them. */
  runUntil(target: number): void {
    this.ran = Math.max(this.ran, Math.ceil(target));
  }
  leadCycles(): number {
    return Math.max(0, this.wants - this.ran);
  }
  quiet(): boolean {
    return this.isQuiet;
  }
  told(): boolean {
    return this.toldHost;
  }
  afterTurn(): void {
    this.turns++;
    this.everyTurn?.();
    this.onTurn?.();
  }
  /** Resolves after `count` more turns, checking `invariant` after each. */
  nextTurns(count: number, invariant: () => void = () => undefined): Promise<void> {
    const until = this.turns + count;
    return new Promise((resolve, reject) => {
      this.onTurn = () => {
        try {
          invariant();
        } catch (error) {
          reject(error);
        }
        if (this.turns >= until) resolve();
      };
    });
  }
}

describe('the pacer, paced to wall time', () => {
  let pacer: Pacer | undefined;
  afterEach(() => pacer?.stop());

  /** `maxTurnMs`: a turn yields to the event loop after this long; long in the test, so a busy machine cannot cut it. */
  function start(machine: CountingMachine, maxTurnMs = 1_000): { wallCycles: () => number } {
    pacer = new Pacer(machine, { clockHz: CLOCK_HZ, maxLeadMs: MAX_LEAD_MS, leadChunkCycles: LEAD_CHUNK, maxTurnMs });
    const startedAt = performance.now();
    pacer.start('paced');
    return { wallCycles: () => (performance.now() - startedAt) * CYCLES_PER_MS };
  }

  it('runs what the machine asks for beyond wall time in the very turn it is woken for', async () => {
    const machine = new CountingMachine();
    start(machine);
    // On a busy machine one turn can be cut short by the OS; the pacer must manage it in one of five tries.
    const tries: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      await machine.nextTurns(1);
      machine.wants = machine.ran + 2 * CYCLES_PER_MS; // bytes on the line: 2 ms of them
      pacer!.wake();
      await machine.nextTurns(1);
      if (machine.ran >= machine.wants) return;
      tries.push(`ran ${machine.ran} of ${machine.wants} cycles`);
    }
    assert.fail(`the woken turn never ran what the machine asked for: ${tries.join('; ')}`);
  });

  it(`never runs more than ${MAX_LEAD_MS} ms ahead of wall time, however much the machine asks`, async () => {
    const machine = new CountingMachine();
    const { wallCycles } = start(machine);
    machine.wants = Number.MAX_SAFE_INTEGER;
    await machine.nextTurns(20, () => {
      const ahead = machine.ran - wallCycles();
      assert.ok(ahead <= MAX_LEAD_MS * CYCLES_PER_MS + LEAD_CHUNK, `${ahead / CYCLES_PER_MS} ms ahead`);
    });
  });

  it('sleeps the quiet tick while the machine is quiet, the idle tick once it has been quiet and told nothing for a while, the quiet tick again once it tells something', async () => {
    const machine = new CountingMachine();
    machine.isQuiet = true;
    // The delays the pacer asks of setTimeout (its only timer), in order.
    const asked: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((callback: () => void, ms: number) => {
      asked.push(ms);
      return realSetTimeout(callback, ms);
    }) as typeof setTimeout;
    /** Turns until one asks for at least the idle tick (bounded: a busy machine only makes it sooner). */
    const untilIdle = async (): Promise<boolean> => {
      for (let turn = 0; turn < 200; turn++) {
        if ((asked.at(-1) ?? 0) >= 30) return true;
        await machine.nextTurns(1);
      }
      return false;
    };
    try {
      pacer = new Pacer(machine, { clockHz: CLOCK_HZ, tickMs: 2, quietTickMs: 5, idleTickMs: 30, idleAfterMs: 40, maxTurnMs: 1_000 });
      pacer.start('paced');
      await machine.nextTurns(1);
      assert.ok(asked[0]! >= 5 && asked[0]! < 30, `the first quiet turn: the quiet tick (${asked[0]} ms)`);
      assert.ok(await untilIdle(), `quiet and telling nothing for 40 ms: the idle tick (${asked.join(', ')})`);
      machine.toldHost = true;
      await machine.nextTurns(2);
      assert.ok(asked.at(-1)! >= 5 && asked.at(-1)! < 30, `telling the host something: the quiet tick again (${asked.at(-1)} ms)`);
      machine.toldHost = false;
      assert.ok(await untilIdle(), 'idle again');
      const before = asked.length;
      pacer.wake();
      await machine.nextTurns(1);
      const woken = asked.slice(before);
      assert.ok(woken.length > 0 && woken.every((ms) => ms >= 5 && ms < 30), `woken by the host: the quiet tick, not the idle one (${woken.join(', ')})`);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  });

  it('tells the cycle wall time has reached while it sleeps (where host bytes sent now belong), never past the sleep it asked for and the lag it forgives', async () => {
    const machine = new CountingMachine();
    machine.isQuiet = true;
    const paced = new Pacer(machine, { clockHz: CLOCK_HZ, tickMs: 50, quietTickMs: 50, idleTickMs: 50, maxLagMs: 40, maxTurnMs: 1_000 });
    pacer = paced;
    paced.start('paced');
    await machine.nextTurns(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const behind = paced.wallCycle() - machine.cycles();
    // setTimeout may fire a little early by performance.now()'s clock (20 ms asked, at least 15 held),
    // and late on a busy machine: 52 ms once, which a bound of 40 ms here took for a fault.
    assert.ok(behind >= 15 * CYCLES_PER_MS, `${behind / CYCLES_PER_MS} ms of wall time not yet run`);
    // However long the machine sleeps past that, what it owes stops at the sleep it asked for (50 ms)
    // and the lag it forgives (40 ms): read with performance.now() moved 10 s, then 20 s, ahead.
    const owedAfter = (ms: number): number => {
      const clock = handClock();
      try {
        clock.advance(ms);
        return (paced.wallCycle() - machine.cycles()) / CYCLES_PER_MS;
      } finally {
        clock.restore();
      }
    };
    const [after10s, after20s] = [owedAfter(10_000), owedAfter(20_000)];
    assert.equal(after10s, after20s, 'the same however long it slept');
    assert.ok(after10s >= 90 && after10s < 100, `${after10s} ms owed after 10 s asleep: 50 ms of sleep and 40 ms of lag (and the few it ran ahead)`);
    paced.setMode('fast');
    assert.equal(paced.wallCycle(), machine.cycles(), 'fast-forwarded, the machine is its own time');
  });

  it('runs the whole of an idle tick longer than the lag it forgives: only lateness past the sleep it asked for is forgiven', async () => {
    // Wall time as the pacer reads it is the test's clock, and each sleep takes exactly the 90 ms it
    // asked for: a busy machine that fires the real timer late (CI: 200 ms and more) would otherwise
    // make that lateness, rightly forgiven, look like the rule broken.
    const clock = handClock();
    try {
      const machine = new CountingMachine();
      machine.isQuiet = true;
      machine.everyTurn = () => clock.advance(90);
      pacer = new Pacer(machine, { clockHz: CLOCK_HZ, tickMs: 2, quietTickMs: 5, idleTickMs: 90, idleAfterMs: 0, maxLagMs: 30, maxTurnMs: 1_000 });
      pacer.start('paced');
      await machine.nextTurns(2);
      const [ranBefore, forgivenBefore] = [machine.ran, pacer.stats.forgivenCycles];
      await machine.nextTurns(4);
      const ran = machine.ran - ranBefore;
      const forgiven = pacer.stats.forgivenCycles - forgivenBefore;
      // Four sleeps of 90 ms, each forgiving 60 ms if the lag were counted from the turn before: two thirds lost.
      assert.ok(ran >= 4 * 60 * CYCLES_PER_MS, `${ran / CYCLES_PER_MS} ms run in four idle ticks of 90 ms`);
      assert.ok(forgiven < ran / 3, `${forgiven / CYCLES_PER_MS} ms forgiven against ${ran / CYCLES_PER_MS} ms run`);
    } finally {
      clock.restore();
    }
  });

  it('ends a turn at once when the machine runs nothing (a reset it asked for is done after the turn), instead of asking again until the turn\'s time is up', async () => {
    const machine = new CountingMachine();
    let calls = 0;
    machine.runUntil = () => {
      calls++; // a reset pending: not a cycle runs
    };
    pacer = new Pacer(machine, { clockHz: CLOCK_HZ, maxTurnMs: 1_000 });
    pacer.start('paced');
    await machine.nextTurns(1); // the first turn owes nothing yet
    calls = 0;
    await machine.nextTurns(1);
    assert.equal(calls, 1);
  });
});
