import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heapTrend, LONG_BUDGET_MB_PER_HOUR, SHORT_BUDGET_MB_PER_HOUR, theilSenSlope } from '../../bench/soak/heap-trend.js';
import type { MemorySample } from '../../bench/soak/inspected-child.js';

/** A sample every `every` s for `seconds`, the heap (MB) given by `heap(at)`. */
function run(seconds: number, every: number, heap: (at: number) => number): MemorySample[] {
  const samples: MemorySample[] = [];
  for (let at = 0; at <= seconds; at += every) samples.push({ at, heapBytes: heap(at) * 1e6, rssBytes: 0 });
  return samples;
}

describe("the soak's verdict on a command's heap", () => {
  it("the issue's budgets: 1 MB an hour over an hour, 20 MB an hour over 60 s", () => {
    assert.equal(LONG_BUDGET_MB_PER_HOUR, 1);
    assert.equal(SHORT_BUDGET_MB_PER_HOUR, 20);
  });

  it('fits the slope over the last two thirds only: a warm-up in the first third is not growth', () => {
    const warmUpThenFlat = run(60, 2, (at) => (at < 20 ? 10 + at / 10 : 12));
    const trend = heapTrend(warmUpThenFlat, SHORT_BUDGET_MB_PER_HOUR);
    assert.equal(trend.fitted, 21);
    assert.ok(Math.abs(trend.leastSquaresMbPerHour) < 1e-9, `least squares ${trend.leastSquaresMbPerHour}`);
    assert.ok(Math.abs(trend.mbPerHour) < 1e-9, `slope ${trend.mbPerHour}`);
    assert.equal(trend.within, true);
  });

  it('a heap growing 21 KB a second (the simulated Uno on main: 76 MB an hour) fails both budgets', () => {
    const growing = run(60, 2, (at) => 16 + 0.021 * at);
    const short = heapTrend(growing, SHORT_BUDGET_MB_PER_HOUR);
    assert.ok(Math.abs(short.mbPerHour - 75.6) < 1e-6, `slope ${short.mbPerHour}`);
    assert.equal(short.within, false);
    assert.equal(heapTrend(run(3600, 10, (at) => 16 + 0.021 * at), LONG_BUDGET_MB_PER_HOUR).within, false);
  });

  it('a heap within its budget passes, one just over fails', () => {
    const mbPerSecond = (mbPerHour: number) => mbPerHour / 3600;
    assert.equal(heapTrend(run(3600, 10, (at) => 20 + mbPerSecond(0.9) * at), LONG_BUDGET_MB_PER_HOUR).within, true);
    assert.equal(heapTrend(run(3600, 10, (at) => 20 + mbPerSecond(1.1) * at), LONG_BUDGET_MB_PER_HOUR).within, false);
  });

  it('too few samples give no verdict: not a pass', () => {
    const trend = heapTrend(run(4, 2, () => 12), SHORT_BUDGET_MB_PER_HOUR);
    assert.ok(Number.isNaN(trend.mbPerHour));
    assert.equal(trend.within, false);
  });

  it('Theil–Sen: the median of the pairwise slopes, exact on a line, NaN without two distinct x', () => {
    assert.equal(theilSenSlope([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }]), 2);
    // Pairs (0,1)→0, (0,2)→3, (1,2)→6, (0,3)→1, (1,3)→1.5, (2,3)→-3: the median of six is (1 + 1.5) / 2.
    assert.equal(theilSenSlope([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 2, y: 6 }, { x: 3, y: 3 }]), 1.25);
    assert.ok(Number.isNaN(theilSenSlope([{ x: 1, y: 0 }, { x: 1, y: 5 }])));
    assert.ok(Number.isNaN(theilSenSlope([])));
  });

  it('a few samples read with output in flight (a line buffer of MBs) do not move the verdict, where least squares fails', () => {
    // Flat at 12.3 MB, one sample a second; two late in the window read 1.5 MB more (lines buffered for a slow reader).
    const flatWithTwoSpikes = run(60, 1, (at) => (at === 52 || at === 57 ? 13.8 : 12.3));
    const trend = heapTrend(flatWithTwoSpikes, SHORT_BUDGET_MB_PER_HOUR);
    assert.equal(trend.fitted, 41);
    assert.ok(Math.abs(trend.mbPerHour) < 1e-9, `Theil–Sen ${trend.mbPerHour}`);
    assert.ok(trend.leastSquaresMbPerHour > SHORT_BUDGET_MB_PER_HOUR, `least squares ${trend.leastSquaresMbPerHour}`);
    assert.equal(trend.within, true);
  });

  it('noise about a real leak does not hide it: 76 MB an hour under ±0.3 MB of scatter still fails', () => {
    let seed = 7;
    const scatter = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.6;
    const trend = heapTrend(run(60, 1, (at) => 16 + 0.021 * at + scatter()), SHORT_BUDGET_MB_PER_HOUR);
    assert.ok(trend.mbPerHour > 40, `slope ${trend.mbPerHour}`);
    assert.equal(trend.within, false);
  });
});
