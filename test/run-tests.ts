/**
 * `npm test`: node:test's runner over the compiled tests (dist-test/test), six files at a time,
 * each in its own process (the unit files share one: unit.suite.ts), the longest first by
 * test/durations.json (test/support/suite-files.ts says why). What `node --test` would do with the
 * same flags, but for the order: it starts files in the order of their paths.
 *
 *   npm test                                  every file
 *   npm test -- test/docs/readme.test.ts      only these (sources or their compiled files)
 *   npm test -- --save-durations              every file, then rewrites test/durations.json
 *                                             from this run (only if every test passed)
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SHELL_EXTRA_CA_CERTS } from './support/maker-env.js';
import { TEST_RUN_DIR } from './support/packed-once.js';
import { scratchParent } from './support/scratch-parent.js';
import { chosenFile, FileTimes, longestFirst, readDurations, suiteFiles, type Durations } from './support/suite-files.js';

const compiled = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(compiled, '../..');
const durationsFile = resolve(repo, 'test/durations.json');
/**
 * Files at a time: on two cores most files wait (sockets, child processes, a browser, real time), so
 * six share them. With four, the cores still sat idle 14–26 s of a run (/proc/stat, 4 runs); with
 * five, 4–6 s, and the run took 13 % less (164 and 173 s → 147 and 147 s, alternated in one hour).
 * Six were no faster then, when more files ran a process each; with the browser and contract files
 * and the small ones sharing processes, five left the cores idle about 10 s of a run and six 2 s
 * (151.2 and 150.3 s → 149.6 and 139.4 s, alternated 5, 6, 6, 5 on Node 20).
 */
const CONCURRENCY = 6;

/** What to run, and whether to save the durations; a mistake in the arguments is one line and exit code 2. */
function plan(): { files: string[]; save: boolean } {
  try {
    const { values, positionals } = parseArgs({ options: { 'save-durations': { type: 'boolean', default: false } }, allowPositionals: true });
    if (values['save-durations'] && positionals.length > 0) throw new Error('--save-durations records a run of every file: give no files with it');
    const files = positionals.length > 0 ? positionals.map((path) => chosenFile(path, { sourceDir: resolve(repo, 'test'), compiledDir: compiled })) : longestFirst(suiteFiles(compiled), readDurations(durationsFile));
    return { files, save: values['save-durations'] };
  } catch (error) {
    console.error(`npm test: ${(error as Error).message}`);
    process.exit(2);
  }
}

const { files, save } = plan();

/**
 * The suite's processes run without NODE_EXTRA_CA_CERTS (set where a proxy inspects TLS): Node 20
 * reads and parses those certificates, with its whole root store, before any JavaScript runs, 37 ms
 * of CPU at each of the suite's hundreds of Node processes (the whole run on Node 20 here: 156–158 →
 * 145 s, in CI 158–162 → 148–154 s; Node 24 reads them when TLS first needs them). None of them needs it: every
 * TLS test names its own certificate authority, and the package tests, which run npm as a maker
 * would, hand it back to what they run (test/support/maker-env.ts).
 */
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
if (extraCaCerts !== undefined) {
  process.env[SHELL_EXTRA_CA_CERTS] = extraCaCerts;
  delete process.env.NODE_EXTRA_CA_CERTS;
}

/**
 * Every temporary file of the run (the test files', and those of the processes they start: the CLI,
 * npm, mosquitto, chromium) goes in one folder of the run's own, removed when the run ends: the
 * suite's tests make some 200 folders under the system's temporary folder, which each run used to
 * leave there. On Linux it is in memory when there is room (support/scratch-parent.ts says why).
 */
const scratch = mkdtempSync(join(scratchParent(), 'pinmesh-test-run-'));
// Others may pass through, as through /tmp, not list it: Mosquitto, started as root, reads its files
// as the mosquitto user (test/support/mosquitto.ts opens its own folder to it).
chmodSync(scratch, 0o711);
process.env.TMPDIR = scratch;
// Named outright too, for what the run's files share through it (support/packed-once.ts: one npm pack a run).
process.env[TEST_RUN_DIR] = scratch;
const removeScratch = () => rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
process.on('exit', removeScratch);
// Ctrl-C or a CI's timeout: removed too, then the signal ends the run as it would have.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removeScratch();
    process.kill(process.pid, signal);
  });
}

const times = new FileTimes(compiled);
let failed = false;
const stream = run({ files: files.map((file) => resolve(compiled, file)), concurrency: CONCURRENCY, timeout: 300_000 });
stream.on('test:complete', (event) => times.add(event));
stream.on('test:fail', () => (failed = true));
stream.on('end', () => {
  process.exitCode = failed ? 1 : 0;
  if (!save) return;
  if (failed) {
    console.error('npm test: not saving test/durations.json: a test failed');
    return;
  }
  const durations: Durations = {
    '//': 'Seconds each test file took in one run of the whole suite (npm test -- --save-durations writes it). npm test starts the longest first: see test/support/suite-files.ts.',
    measured: `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores`,
    seconds: times.seconds(),
  };
  writeFileSync(durationsFile, `${JSON.stringify(durations, null, 2)}\n`);
  console.error(`npm test: wrote ${relative(repo, durationsFile)} (${Object.keys(durations.seconds).length} files)`);
});
stream.compose(new spec()).pipe(process.stdout);
