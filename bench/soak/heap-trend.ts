import { slope } from '../lib/stats.js';
import type { MemorySample } from './inspected-child.js';

/** The budgets, in MB of heap an hour: the hour-long soak's, and the 60 s run's looser one. */
export const LONG_BUDGET_MB_PER_HOUR = 1;
export const SHORT_BUDGET_MB_PER_HOUR = 20;

export interface HeapTrend {
  /** Samples the slope was fitted over: the last two thirds of the run (the first third is warm-up). */
  fitted: number;
  /** Least-squares slope of the heap after a full GC, in MB (10^6 bytes) an hour. */
  mbPerHour: number;
  /** Whether the slope is within the budget. */
  within: boolean;
}

/**
 * The heap's trend over the last two thirds of a run: a least-squares line through the samples
 * taken after `from` = start + (end − start) / 3, its slope in MB an hour against `budgetMbPerHour`.
 * Fewer than three samples in that window give no verdict (NaN, not within).
 */
export function heapTrend(samples: readonly MemorySample[], budgetMbPerHour: number): HeapTrend {
  const first = samples[0]?.at ?? 0;
  const last = samples.at(-1)?.at ?? 0;
  const from = first + (last - first) / 3;
  const window = samples.filter((sample) => sample.at >= from);
  const mbPerSecond = window.length >= 3 ? slope(window.map((sample) => ({ x: sample.at, y: sample.heapBytes / 1e6 }))) : NaN;
  const mbPerHour = mbPerSecond * 3600;
  return { fitted: window.length, mbPerHour, within: Number.isFinite(mbPerHour) && mbPerHour <= budgetMbPerHour };
}
