/**
 * A bench its test forgot to stop keeps the run up (a board, sockets on 127.0.0.1, the simulated
 * MCU's turns), and a test file whose process never exits hangs `node --test` (and the CI job with
 * it), or `node file.test.mjs`, after the last test passed. Under node:test, either way, the
 * benches still running when the file's last test has ended are stopped then, with a warning, in
 * one line, naming what a person looks for: the sketch, the test that started it and the line that
 * did (bench-origin.ts), and where to stop it. `node --trace-warnings` shows that line's stack.
 *
 * The hook is node:test's `after`, on the file (its root test), never on the test or hook that
 * started the bench: a bench started in `before()` or `beforeEach()` lives on after that hook ends.
 * `after()` attaches to whatever test or hook runs at the moment it is called, so it is called in
 * the async context this module was loaded in (a test file's imports load before its tests run).
 *
 * node:test runs a file's global `after()` hooks once its last test ended, even while handles keep
 * the process up (so that they can close them), with `--test` and without. Only under node:test
 * (under-node-test.ts): elsewhere `after` would start a test run of its own. vitest and jest end
 * their workers when the tests are over.
 */
import { AsyncResource } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { BenchOrigin } from './bench-origin.js';
import { followNodeTests } from './running-node-test.js';
import { underNodeTest } from './under-node-test.js';

/** What can be stopped, and says whether it was. */
export interface Stoppable {
  readonly stopped: boolean;
  stop(): Promise<void>;
}

/** The context this module was loaded in: outside every test, for a test file's imports. */
const whereLoaded = new AsyncResource('pinmesh-testing');
const running = new Map<Stoppable, { what: string; origin: BenchOrigin }>();
let hooked = false;

/** Stops `bench` after the file's last test if it is still running then; `what` ("the bench of blink.ts") and where it was started name it in the warning. */
export function stopWithItsFile(bench: Stoppable, what: string, origin: BenchOrigin = {}): void {
  if (!underNodeTest()) return;
  running.set(bench, { what, origin });
  followNodeTests(); // the tests after this one, where pinmesh/testing was loaded before node:test
  if (hooked) return;
  hooked = true;
  const { after } = createRequire(import.meta.url)('node:test') as typeof import('node:test');
  whereLoaded.runInAsyncScope(() => after(stopForgotten));
}

async function stopForgotten(): Promise<void> {
  const forgotten = [...running].filter(([bench]) => !bench.stopped);
  running.clear();
  for (const [bench, { what, origin }] of forgotten) {
    process.emitWarning(notStoppedWarning(what, origin));
    await bench.stop();
  }
}

/**
 * "the bench of blink.ts, started in the test "the lamp > forgets to stop" at lamp.test.mjs:7, was
 * still running after the last test: …", its stack the caller's (for `--trace-warnings`).
 */
export function notStoppedWarning(what: string, { test, line, stack }: BenchOrigin): Error {
  const started = `${test === undefined ? '' : ` in the test ${JSON.stringify(test)}`}${line === undefined ? '' : ` at ${line}`}`;
  const message = `${what}${started ? `, started${started},` : ''} was still running after the last test: pinmesh/testing stopped it. Call \`await bench.stop()\` in \`finally\` or \`after()\`.`;
  const warning = Object.assign(new Error(message), { name: 'Warning', code: 'PINMESH_BENCH_NOT_STOPPED' });
  if (stack !== undefined) warning.stack = `Warning: ${message}\n${stack}`;
  return warning;
}
