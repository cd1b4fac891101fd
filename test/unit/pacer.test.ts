import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, it } from 'node:test';
import { Pacer, type PacedMachine } from '../../src/boards/sim/pacer.js';

const CLOCK_HZ = 16_000_000;
const CYCLES_PER_MS = CLOCK_HZ / 1000;
const MAX_LEAD_MS = 4;
const LEAD_CHUNK = 250;

/** A machine that only counts cycles, asks for `wants` cycles beyond what it has run, and reports each turn. */
class CountingMachine implements PacedMachine {
  ran = 0;
  wants = 0;
  turns = 0;
  onTurn: (() => void) | undefined;
  cycles(): number {
    return this.ran;
  }
  runUntil(target: number): void {
    this.ran = target;
  }
  leadCycles(): number {
    return Math.max(0, this.wants - this.ran);
  }
  afterTurn(): void {
    this.turns++;
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
});
