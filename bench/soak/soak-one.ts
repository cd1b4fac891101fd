import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { heapTrend, type HeapTrend } from './heap-trend.js';
import type { MemorySample } from './inspected-child.js';
import type { Scenario, SoakContext, Soaking } from './scenario.js';

/** What one command did under soak. */
export interface SoakResult {
  name: string;
  command: string;
  load: string;
  /** What the load amounted to by the end. */
  loadDone: string;
  seconds: number;
  samples: MemorySample[];
  trend: HeapTrend;
  budgetMbPerHour: number;
  /** Why it failed besides its slope (it exited, its load never started), or why it was skipped. */
  error?: string;
  /** A short run's first slope, when it was over the budget and this result is the confirming run. */
  firstSlopeMbPerHour?: number;
  skipped?: string;
}

export interface SoakPlan {
  seconds: number;
  sampleEvery: number;
  budgetMbPerHour: number;
  /**
   * Seconds of load before the first sample: a command's first minute under load is V8 compiling
   * and its pools filling, a trend through the whole of a 60 s window that is no leak. An hour-long
   * run needs none (its fit leaves out its first third).
   */
  warmup: number;
}

/** One sample in this many also measures the output the command holds unwritten (a walk of its heap, too slow for each). */
const OUTPUT_EVERY = 5;

/** Times a scenario is started before its start counts as a failure (a start is not what is soaked). */
export const START_ATTEMPTS = 3;

/**
 * One start at a time: a command starting (node loading, simavr booting the firmware, chromium
 * opening) while others start too is slowed the most, and the CLI's own limits (the simulated
 * board's 15 s for the firmware's first answer) are not the soak's to change. The commands already
 * soaking still run; only the starts wait for each other.
 */
export class StartGate {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(start: () => Promise<T>): Promise<T> {
    const result = this.last.then(start);
    this.last = result.catch(() => undefined);
    return result;
  }
}

/**
 * Runs one scenario for `plan.seconds` under its load, a heap sample (after a full GC) every
 * `plan.sampleEvery` seconds from the moment it is working, then stops the load and the command.
 */
export async function soakOne(
  scenario: Scenario,
  plan: SoakPlan,
  place: Omit<SoakContext, 'dir'>,
  log: (line: string) => void,
  gate: StartGate = new StartGate(),
): Promise<SoakResult> {
  const base = { name: scenario.name, command: scenario.command, load: scenario.load, budgetMbPerHour: plan.budgetMbPerHour };
  const skipped = scenario.missing?.();
  if (skipped) return { ...base, loadDone: '', seconds: 0, samples: [], trend: heapTrend([], plan.budgetMbPerHour), skipped };
  const dir = await mkdtemp(join(tmpdir(), `pinmesh-soak-${scenario.name}-`));
  const samples: MemorySample[] = [];
  try {
    const soaking = await gate.run(() => startWithRetries(scenario, { ...place, dir }, log));
    const { child } = soaking;
    let error: string | undefined;
    try {
      if (plan.warmup > 0) {
        log(`${scenario.name}: working; warming up under load for ${plan.warmup} s`);
        await sleep(plan.warmup * 1000);
        if (!child.running) throw new Error(`${scenario.name} exited while warming up; it said:\n${child.tail()}`);
      }
      const startedAt = performance.now();
      const until = startedAt + plan.seconds * 1000;
      log(`${scenario.name}: measuring; ${plan.seconds} s, a heap sample every ${plan.sampleEvery} s`);
      while (performance.now() < until) {
        if (!child.running) throw new Error(`${scenario.name} exited while soaking; it said:\n${child.tail()}`);
        samples.push(await child.sample(samples.length % OUTPUT_EVERY === 0));
        const next = startedAt + samples.length * plan.sampleEvery * 1000;
        await sleep(Math.max(0, Math.min(next, until) - performance.now()));
      }
      samples.push(await child.sample());
    } catch (caught) {
      error = (caught as Error).message;
    }
    const loadDone = soaking.loadSoFar();
    await soaking.stopLoad().catch((caught) => (error ??= `stopping the load: ${(caught as Error).message}`));
    await child.stop();
    const seconds = samples.length ? samples.at(-1)!.at - samples[0]!.at : 0;
    return { ...base, loadDone, seconds, samples, trend: heapTrend(samples, plan.budgetMbPerHour), ...(error ? { error } : {}) };
  } catch (caught) {
    return { ...base, loadDone: '', seconds: 0, samples, trend: heapTrend(samples, plan.budgetMbPerHour), error: (caught as Error).message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `scenario.start`, again up to START_ATTEMPTS times if it fails: on a busy machine the simulated
 * board can miss the CLI's 15 s for the firmware's first answer, which says nothing of a leak. The
 * last failure is the one reported.
 */
async function startWithRetries(scenario: Scenario, context: SoakContext, log: (line: string) => void): Promise<Soaking> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await scenario.start(context);
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
      log(`${scenario.name}: did not start (attempt ${attempt} of ${START_ATTEMPTS}: ${(error as Error).message.split('\n')[0]}); starting it again`);
    }
  }
}

/** Passed: it ran to the end and its heap's slope is within the budget. */
export const passed = (result: SoakResult): boolean => !result.error && !result.skipped && result.trend.within;
