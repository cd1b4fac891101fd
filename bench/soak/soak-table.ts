import { quantile } from '../lib/stats.js';
import { passed, type SoakResult } from './soak-one.js';

const mb = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : (bytes / 1e6).toFixed(1));
const signed = (n: number): string => (Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${n.toFixed(2)}` : 'n/a');

function verdict(result: SoakResult): string {
  if (result.skipped) return `skipped: ${result.skipped}`;
  if (result.error) return `FAIL: ${result.error.split('\n')[0]}`;
  return passed(result) ? `pass (≤ ${result.budgetMbPerHour} MB/h)` : `FAIL (> ${result.budgetMbPerHour} MB/h)`;
}

/** What the second full GC of each sample found that the first left, the median over the run: the noise one GC would leave. */
function secondGc(result: SoakResult): string {
  const freed = result.samples.filter((sample) => sample.heapAfterOneGcBytes !== undefined).map((sample) => sample.heapAfterOneGcBytes! - sample.heapBytes);
  return freed.length ? (quantile(freed, 0.5) / 1e6).toFixed(3) : 'n/a';
}

/** The most output the command's line writers held unwritten at a sample: how far behind its reader was. */
function inFlight(result: SoakResult): string {
  const held = result.samples.flatMap((sample) => (sample.bufferedOutputBytes === undefined ? [] : [sample.bufferedOutputBytes]));
  return held.length ? (Math.max(...held) / 1e6).toFixed(2) : 'n/a';
}

/**
 * The results as a Markdown table, one line a command: how long it ran, the samples taken, its heap
 * (after a full GC) at the start and the end, the heap's slope over the last two thirds (Theil–Sen, the verdict's; least squares beside it), what
 * the second of the two GCs a sample makes freed, the most output held unwritten, its RSS at
 * the end, and the verdict against the budget.
 */
export function soakTable(results: readonly SoakResult[]): string[] {
  const lines = [
    '| command | ran | samples (fitted) | heap start → end (MB) | heap slope (MB/hour) | least squares (MB/hour) | 2nd GC freed (MB, median) | output in flight (MB, max) | RSS at end (MB) | verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const result of results) {
    const first = result.samples[0];
    const last = result.samples.at(-1);
    lines.push(
      `| ${result.name} | ${result.seconds.toFixed(0)} s | ${result.samples.length} (${result.trend.fitted}) | ${mb(first?.heapBytes)} → ${mb(last?.heapBytes)} | ${signed(result.trend.mbPerHour)} | ${signed(result.trend.leastSquaresMbPerHour)} | ${secondGc(result)} | ${inFlight(result)} | ${mb(last?.rssBytes)} | ${verdict(result)} |`,
    );
  }
  return lines;
}

/** What each command was and the load it had, one line each. */
export function soakLoads(results: readonly SoakResult[]): string[] {
  return results.map((result) => `- **${result.name}**: \`${result.command}\`; load: ${result.load}${result.loadDone ? `; done: ${oneLine(result.loadDone)}` : ''}.`);
}

/** A load's account as one line of text: a browser's error can bring its call log and terminal colours. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const [first = '', ...rest] = plain.split('\n');
  return rest.length ? `${first.trimEnd()} …)` : first;
}
