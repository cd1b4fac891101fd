import { slope } from '../lib/stats.js';
import type { MemorySample } from './inspected-child.js';

/** The budgets, in MB of heap an hour: the hour-long soak's, and the 60 s run's looser one. */
export const LONG_BUDGET_MB_PER_HOUR = 1;
export const SHORT_BUDGET_MB_PER_HOUR = 20;

export interface HeapTrend {
  /** Samples the slope was fitted over: the last two thirds of the run (the first third is warm-up). */
  fitted: number;
  /** Theil–Sen slope of the heap after a full GC (the median of all pairwise slopes), in MB (10^6 bytes) an hour: the verdict's figure. */
  mbPerHour: number;
  /** The least-squares slope over the same samples, in MB an hour: shown beside it, an outlier moves it and not the verdict. */
  leastSquaresMbPerHour: number;
  /** Whether the slope is within the budget. */
  within: boolean;
}

/**
 * Theil–Sen estimator: the median of the slopes (yj − yi) / (xj − xi) over every pair i < j with
 * xi ≠ xj. Robust to outliers: up to ~29 % of the points can be anywhere without moving it far (a
 * GC that ran late, a buffer of output in flight when the heap was read). O(n²) pairs: 3,600 samples
 * (an hour, one a second) are 6.5 million, a fraction of a second. NaN under two distinct x.
 */
export function theilSenSlope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]!.x - points[i]!.x;
      if (dx !== 0) slopes.push((points[j]!.y - points[i]!.y) / dx);
    }
  }
  if (slopes.length === 0) return NaN;
  const sorted = Float64Array.from(slopes).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The heap's trend over the last two thirds of a run: a Theil–Sen line through the samples taken
 * after `from` = start + (end − start) / 3, its slope in MB an hour against `budgetMbPerHour`.
 * Fewer than three samples in that window give no verdict (NaN, not within).
 */
export function heapTrend(samples: readonly MemorySample[], budgetMbPerHour: number): HeapTrend {
  const first = samples[0]?.at ?? 0;
  const last = samples.at(-1)?.at ?? 0;
  const from = first + (last - first) / 3;
  const window = samples.filter((sample) => sample.at >= from);
  const points = window.map((sample) => ({ x: sample.at, y: sample.heapBytes / 1e6 }));
  const enough = window.length >= 3;
  const mbPerHour = (enough ? theilSenSlope(points) : NaN) * 3600;
  const leastSquaresMbPerHour = (enough ? slope(points) : NaN) * 3600;
  return { fitted: window.length, mbPerHour, leastSquaresMbPerHour, within: Number.isFinite(mbPerHour) && mbPerHour <= budgetMbPerHour };
}
