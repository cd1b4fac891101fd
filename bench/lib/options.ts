import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Row ids or groups; empty: every row. */
  rows: string[];
  rounds: number;
  quick: boolean;
  /** Write each row's table into this page (its generated block). */
  markdown: string | undefined;
}

export const usage = `npm run bench -- [--rows ID|GROUP,…] [--rounds N] [--quick] [--markdown FILE]

  --rows     rows to run, by id or group (buzzer, circuit, sim, start, rss, view, fleet); default: all
             --rows soak alone runs the soak (npm run soak) with the flags that follow it
  --rounds   rounds per row, each pinmesh and its anchor in turn (default 5; 3 with --quick)
  --quick    shorter windows, for a quick look (figures are rougher)
  --markdown write each row's table into FILE (docs/performance.md), replacing that row's generated
             block for this Node major (or adding it before <!-- bench:end -->)
  PINMESH_BENCH_RSS_SECONDS=60   length of the RSS window (default 15 s, 5 s with --quick)
  PINMESH_BENCH_PYTHON=…         python3 with websockets for the article's nodes`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      markdown: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const rounds = values.rounds === undefined ? (values.quick ? 3 : 5) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) throw new Error(`--rounds must be a whole number from 1 to 50, not "${values.rounds}"`);
  const rows = values.rows.split(',').map((id) => id.trim()).filter(Boolean);
  return { rows, rounds, quick: values.quick, markdown: values.markdown };
}
