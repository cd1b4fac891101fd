import { parseArgs } from 'node:util';
import { LONG_BUDGET_MB_PER_HOUR, SHORT_BUDGET_MB_PER_HOUR } from './heap-trend.js';

export interface SoakOptions {
  /** How long each command runs, in seconds. */
  seconds: number;
  /** The budget its heap slope is held to, in MB an hour. */
  budgetMbPerHour: number;
  short: boolean;
  /** Scenario names; empty: all of them. */
  only: string[];
  /** Commands run at the same time. */
  parallel: number;
  /** Seconds between two heap samples. */
  sampleEvery: number;
  /** Seconds of load before the first sample (see SoakPlan.warmup). */
  warmup: number;
  /** Where the figures go as JSON, if anywhere. */
  json: string | undefined;
  /** Where the Markdown results go, if anywhere (by default docs/soak-results.md after a full-length run of every command). */
  markdown: string | undefined;
}

export const usage = `npm run soak -- [--short | --minutes N] [--only NAME,…] [--parallel N] [--json FILE] [--markdown FILE]

  --minutes    how long each command runs (default 60); its heap slope must stay within ${LONG_BUDGET_MB_PER_HOUR} MB/hour
  --short      60 s each, measured after 30 s of load, held to ${SHORT_BUDGET_MB_PER_HOUR} MB/hour (what CI runs); one
               over its budget is soaked once more, alone, and that second measurement decides
  --only       commands to run: circuit-mock, circuit-sim, clock, button, board, view, broker (default: all)
  --parallel   commands run at the same time (default 2)
  --json       write the figures to FILE as JSON too
  --markdown   write the results table to FILE (default: docs/soak-results.md, after a run of every command
               that is not --short: the performance page shows the hour-long figures)`;

export function parseSoakOptions(argv: string[]): SoakOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string' },
      short: { type: 'boolean', default: false },
      only: { type: 'string', default: '' },
      parallel: { type: 'string', default: '2' },
      json: { type: 'string' },
      markdown: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.short && values.minutes !== undefined) throw new Error('--short and --minutes do not go together');
  const minutes = values.short ? 1 : Number(values.minutes ?? 60);
  if (!Number.isFinite(minutes) || minutes < 0.5 || minutes > 24 * 60) throw new Error(`--minutes must be from 0.5 to 1440, not "${values.minutes}"`);
  const parallel = Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 7) throw new Error(`--parallel must be a whole number from 1 to 7, not "${values.parallel}"`);
  const seconds = minutes * 60;
  return {
    seconds,
    budgetMbPerHour: values.short ? SHORT_BUDGET_MB_PER_HOUR : LONG_BUDGET_MB_PER_HOUR,
    short: values.short,
    only: values.only.split(',').map((name) => name.trim()).filter(Boolean),
    parallel,
    // One sample a second in a short run (40 fitted: Theil–Sen over 780 pairs), one every 10 s in an hour-long one.
    sampleEvery: values.short ? 1 : Math.min(10, Math.max(1, seconds / 60)),
    // A short run measures 60 s after 30 s of load (see SoakPlan.warmup); an hour-long one fits its last two thirds.
    warmup: values.short ? 30 : 0,
    json: values.json,
    markdown: values.markdown,
  };
}
