/**
 * Which node:test test is running, so a warning about a bench can name the test that started it
 * ("the lamp > forgets to stop"). node:test says which test runs only to the test's own function
 * and to its hooks, so a `beforeEach` and an `afterEach` on the file (its root test) keep the tests
 * running now: the innermost of them is the one a bench started now belongs to. Tests of a file run
 * one at a time unless told otherwise; where several unrelated ones run at once ({ concurrency }),
 * none is named rather than the wrong one.
 *
 * The hooks go on the file, as stop-with-its-file.ts's `after` does, only under node:test
 * (under-node-test.ts): when pinmesh/testing is loaded (src/testing/index.ts: a test file's imports
 * load before its tests run, so its first test is seen too), in that context, or else with the
 * first bench. Not when `pinmesh test` loads the bench: that is no test file.
 */
import { onTestFile } from './test-file-hooks.js';
import { underNodeTest } from './under-node-test.js';

/** The full names ("suite > test") of the tests running now. */
const running = new Set<string>();
let followed = false;

/** Starts following the file's tests, once, under node:test; elsewhere nothing. */
export function followNodeTests(): void {
  if (followed || !underNodeTest()) return;
  followed = true;
  onTestFile(({ beforeEach, afterEach }) => {
    beforeEach((test) => void running.add(fullName(test)));
    afterEach((test) => void running.delete(fullName(test)));
  });
}

/** The test running now, by its full name; none outside a test (a before() hook) or when unrelated tests run at once. */
export function runningNodeTest(): string | undefined {
  const names = [...running];
  const innermost = names.reduce<string | undefined>((deepest, name) => (deepest === undefined || name.length > deepest.length ? name : deepest), undefined);
  if (innermost === undefined) return undefined;
  return names.every((name) => name === innermost || innermost.startsWith(`${name} > `)) ? innermost : undefined;
}

/** Whether the test of that full name is running now (a bench's start resolving after its test ended was not awaited). */
export function isNodeTestRunning(name: string): boolean {
  return running.has(name);
}

/** `fullName` ("suite > test"): Node 20.16 and 22.3 on; the test's own name before. */
function fullName(test: { name: string; fullName?: string }): string {
  return test.fullName ?? test.name;
}
