/**
 * `npm run soak`: every until-stopped pinmesh command of issue 24 runs flat out under its load, its
 * heap read after a full GC through the inspector; each one's slope must stay within the budget
 * (1 MB an hour over an hour each; 20 MB an hour with --short, 60 s each). Prints the figures,
 * writes docs/soak-results.md (and --json), and exits 1 if any command failed.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeMachine, loadAverage } from '../lib/machine.js';
import { root } from '../lib/paths.js';
import { scenarios } from './scenarios/index.js';
import { soakMarkdown } from './soak-markdown.js';
import { passed, soakOne, StartGate, type SoakResult } from './soak-one.js';
import { parseSoakOptions, usage } from './soak-options.js';
import { soakLoads, soakTable } from './soak-table.js';

const argv = process.argv.slice(2);
const options = parseSoakOptions(argv);
if (options === 'help') {
  console.log(usage);
  process.exit(0);
}

const unknown = options.only.filter((name) => !scenarios.some((scenario) => scenario.name === name));
if (unknown.length) throw new Error(`no such soak: ${unknown.join(', ')} (there are ${scenarios.map((scenario) => scenario.name).join(', ')})`);
const chosen = options.only.length ? scenarios.filter((scenario) => options.only.includes(scenario.name)) : scenarios;
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const invocation = `npm run soak${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

const machine = describeMachine(root);
log(`${invocation}: ${chosen.length} commands, ${options.seconds} s each, ${options.parallel} at a time; budget ${options.budgetMbPerHour} MB/hour`);
for (const line of machine) log(line);

// A pool of `parallel` runners taking the next command in turn; the results keep the list's order.
const results: SoakResult[] = new Array(chosen.length);
let next = 0;
const place = { root, bin: join(root, 'dist', 'lib', 'cli.js') };
const gate = new StartGate();
const plan = { seconds: options.seconds, sampleEvery: options.sampleEvery, budgetMbPerHour: options.budgetMbPerHour, warmup: options.warmup };
await Promise.all(
  Array.from({ length: Math.min(options.parallel, chosen.length) }, async () => {
    while (next < chosen.length) {
      const index = next++;
      const scenario = chosen[index]!;
      log(`${scenario.name}: starting \`${scenario.command}\` (load average ${loadAverage()})`);
      const result = await soakOne(scenario, plan, place, log, gate);
      results[index] = result;
      log(`${scenario.name}: ${result.skipped ? `skipped (${result.skipped})` : `${passed(result) ? 'pass' : 'FAIL'}, slope ${result.trend.mbPerHour.toFixed(2)} MB/hour`}`);
      if (result.error) log(`${scenario.name}: ${result.error}`);
    }
  }),
);

// A short run's verdict on one minute can be noise on a busy machine: a command over its budget is
// soaked once more, alone, and the second measurement is its verdict (a leak fails both; both are printed).
if (options.short) {
  for (const [index, first] of results.entries()) {
    if (first.skipped || first.error || passed(first)) continue;
    const scenario = chosen[index]!;
    log(`${scenario.name}: ${first.trend.mbPerHour.toFixed(2)} MB/hour is over the budget: soaking it once more, alone, to confirm`);
    const again = await soakOne(scenario, plan, place, log, gate);
    log(`${scenario.name}: confirmation ${passed(again) ? 'pass' : 'FAIL'}, slope ${again.trend.mbPerHour.toFixed(2)} MB/hour (first: ${first.trend.mbPerHour.toFixed(2)})`);
    results[index] = { ...again, firstSlopeMbPerHour: first.trend.mbPerHour };
  }
}

console.log(['', ...soakTable(results), '', ...soakLoads(results), ''].join('\n'));
for (const result of results) if (result.error) console.log(`${result.name} failed:\n${result.error}\n`);

const run = { invocation, date: new Date(), machine, parallel: options.parallel, seconds: options.seconds, budgetMbPerHour: options.budgetMbPerHour, results };
if (options.json) await writeFile(options.json, `${JSON.stringify(run, null, 2)}\n`);
const markdown = options.markdown ?? (options.only.length || options.short ? undefined : join(root, 'docs', 'soak-results.md'));
if (markdown) {
  await writeFile(markdown, soakMarkdown(run));
  log(`wrote ${markdown}`);
}
const failed = results.filter((result) => !result.skipped && !passed(result));
if (failed.length) {
  log(`${failed.length} of ${results.length} failed: ${failed.map((result) => result.name).join(', ')}`);
  process.exitCode = 1;
}
