/**
 * `npm run bench`: every row of issue 8's table, each against its anchor measured in the same run,
 * over several rounds, printed as one table of ratios with the machine it ran on.
 * The programs under test run as child processes; this process only generates the load.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeMachine, loadAverage } from './lib/machine.js';
import { withRowBlocks, type RowRun } from './lib/markdown.js';
import { runSoak, soakArguments } from './lib/soak-entry.js';
import { parseOptions, usage } from './lib/options.js';
import { root } from './lib/paths.js';
import type { Row } from './lib/row.js';
import { summarize } from './lib/stats.js';
import { table, tableNote, type Outcome } from './lib/table.js';
import { rows as allRows } from './rows/index.js';

const log = (text: string): void => void process.stderr.write(`[bench] ${text}\n`);
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

async function measure(row: Row, rounds: number, quick: boolean): Promise<Outcome[]> {
  const skipped = row.skip?.();
  if (skipped) {
    log(`${row.id}: ${skipped}`);
    return row.figures.map((figure) => ({ figure, note: skipped }));
  }
  const results: Array<Array<{ subject: number; anchor: number }>> = row.figures.map(() => []);
  const count = Math.min(rounds, row.maxRounds ?? rounds);
  try {
    for (let round = 0; round < count; round++) {
      const figures = await row.round({ quick, subjectFirst: round % 2 === 0, log });
      figures.forEach((figure, i) => results[i]!.push(figure));
      log(`${row.id} round ${round + 1}/${count}: ${figures.map(({ subject, anchor }) => `${subject.toPrecision(4)} vs ${anchor.toPrecision(4)}`).join('; ')}`);
    }
  } catch (error) {
    log(`${row.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    return row.figures.map((figure) => ({ figure, note: `failed: ${errorText(error)}` }));
  }
  return row.figures.map((figure, i) => {
    const pairs = results[i]!;
    const ratios = pairs.map(({ subject, anchor }) => {
      if (figure.comparison === 'difference') return subject - anchor;
      return figure.comparison === 'lower' ? anchor / subject : subject / anchor;
    });
    return { figure, compared: { subject: summarize(pairs.map((p) => p.subject)), anchor: summarize(pairs.map((p) => p.anchor)), ratio: summarize(ratios) } };
  });
}

async function main(): Promise<void> {
  const soak = soakArguments(process.argv.slice(2));
  if (soak) return void (process.exitCode = await runSoak(soak));
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') return void console.log(usage);
  const chosen = options.rows.length ? allRows.filter((row) => options.rows.includes(row.id) || options.rows.includes(row.group)) : allRows;
  const unknown = options.rows.filter((name) => !allRows.some((row) => row.id === name || row.group === name));
  if (unknown.length) throw new Error(`unknown row ${unknown.join(', ')}; rows: ${allRows.map((row) => row.id).join(', ')}`);

  const loadBefore = loadAverage();
  const started = new Date();
  const outcomes: Outcome[] = [];
  const runs: RowRun[] = [];
  const [cpu, os] = describeMachine(root);
  for (const row of chosen) {
    log(`${row.id}…`);
    const load = loadAverage();
    const rowStarted = new Date();
    const measured = await measure(row, options.rounds, options.quick);
    outcomes.push(...measured);
    const rounds = Math.min(options.rounds, row.maxRounds ?? options.rounds);
    const when = rowStarted.toISOString().slice(0, 16).replace('T', ' ');
    runs.push({ id: row.id, outcomes: measured, context: `${when} UTC, ${rounds} rounds${options.quick ? ' (--quick)' : ''}; ${os}; ${cpu}; load average ${load} → ${loadAverage()}.` });
  }
  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
  console.log(`pinmesh benchmarks, ${started.toISOString()}, ${options.rounds} rounds${options.quick ? ', --quick' : ''}, ${minutes} min`);
  for (const line of describeMachine(root)) console.log(line);
  console.log(`load average (1 min): ${loadBefore} at the start, ${loadAverage()} at the end\n`);
  console.log(table(outcomes));
  console.log(`\n${tableNote}`);
  if (options.markdown) {
    const page = resolve(root, options.markdown);
    const invocation = `npm run bench -- --rows ${chosen.map((row) => row.id).join(',')}${options.rounds === 5 ? '' : ` --rounds ${options.rounds}`}${options.quick ? ' --quick' : ''} --markdown ${options.markdown}`;
    await writeFile(page, withRowBlocks(await readFile(page, 'utf8'), runs, invocation));
    log(`wrote ${chosen.length} row${chosen.length === 1 ? '' : 's'} into ${page}`);
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorText(error)}`);
  process.exitCode = 1;
});
