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
 * the async context pinmesh/testing was loaded in (test-file-hooks.ts).
 *
 * A bench is held from the moment testSketch() or testCircuit() is called, not once it has
 * started: a test that forgot to await it (`const bench = testSketch(…)`) fails at once (`bench.stop
 * is not a function`), and when it was the file's last, the file's `after()` hooks ran before the
 * bench had started, so a hook added then never ran and the bench kept the process up for ever. Held
 * at the call, it is stopped once it has started, and the warning says its test had ended before.
 *
 * node:test runs a file's global `after()` hooks once its last test ended, even while handles keep
 * the process up (so that they can close them), with `--test` and without. Only under node:test
 * (under-node-test.ts): elsewhere `after` would start a test run of its own. vitest and jest end
 * their workers when the tests are over.
 */
import type { BenchOrigin } from './bench-origin.js';
import { followNodeTests, isNodeTestRunning } from './running-node-test.js';
import { onTestFile } from './test-file-hooks.js';
import { underNodeTest } from './under-node-test.js';

/** What can be stopped, and says whether it was. */
export interface Stoppable {
  readonly stopped: boolean;
  stop(): Promise<void>;
}

/** A bench from the call that starts it: what it is, where it was started, and, once started, itself. */
interface HeldBench {
  what: string;
  origin: BenchOrigin;
  /** The bench once started; undefined if it failed to start (the caller's promise rejects with why). */
  started: Promise<Stoppable | undefined>;
  /** Its test had ended before it had started: the call was not awaited. */
  late?: boolean;
}

const running = new Set<HeldBench>();
let hooked = false;

/**
 * Holds the bench `starting` will be, from now (the call of testSketch or testCircuit, before its
 * first await), and stops it after the file's last test if it is still running then; `what` ("the
 * bench of blink.ts") and where it was started name it in the warning. Resolves as `starting` does.
 */
export function stopWithItsFile<T extends Stoppable>(starting: Promise<T>, what: string, origin: BenchOrigin = {}): Promise<T> {
  if (!underNodeTest()) return starting;
  const held: HeldBench = { what, origin, started: Promise.resolve(undefined) };
  held.started = starting.then(
    (bench) => {
      if (origin.test !== undefined && !isNodeTestRunning(origin.test)) held.late = true;
      return bench;
    },
    () => undefined,
  );
  running.add(held);
  followNodeTests(); // the tests after this one, where pinmesh/testing was loaded before node:test
  if (!hooked) {
    hooked = true;
    onTestFile(({ after }) => after(stopForgotten));
  }
  return starting;
}

async function stopForgotten(): Promise<void> {
  const held = [...running];
  running.clear();
  for (const bench of held) {
    const started = await bench.started;
    if (!started || started.stopped) continue;
    process.emitWarning(notStoppedWarning(bench.what, bench.origin, bench.late === true));
    await started.stop();
  }
}

/**
 * "the bench of blink.ts, started in the test "the lamp > forgets to stop" at lamp.test.mjs:7, was
 * still running after the last test: …", its stack the caller's (for `--trace-warnings`).
 */
export function notStoppedWarning(what: string, { test, line, stack, call }: BenchOrigin, late = false): Error {
  const started = `${test === undefined ? '' : ` in the test ${JSON.stringify(test)}`}${line === undefined ? '' : ` at ${line}`}`;
  const advice = late
    ? `Its test ended before it had started: \`await ${call ?? 'testSketch'}(…)\`, then \`await bench.stop()\` in \`finally\` or \`after()\`.`
    : 'Call `await bench.stop()` in `finally` or `after()`.';
  const message = `${what}${started ? `, started${started},` : ''} was still running after the last test: pinmesh/testing stopped it. ${advice}`;
  const warning = Object.assign(new Error(message), { name: 'Warning', code: 'PINMESH_BENCH_NOT_STOPPED' });
  if (stack !== undefined) warning.stack = `Warning: ${message}\n${stack}`;
  return warning;
}
