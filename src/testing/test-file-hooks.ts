/**
 * Hooks on the test file itself (node:test's root test), for pinmesh/testing's own bookkeeping:
 * stop-with-its-file.ts's `after`, running-node-test.ts's `beforeEach` and `afterEach`. node:test
 * attaches a hook to whatever test or hook runs at the moment it is added, so they are added in
 * the async context this module was loaded in: a test file's imports load before its tests run,
 * outside every test. Call only under node:test (under-node-test.ts): elsewhere a hook would start
 * a test run of its own.
 */
import { AsyncResource } from 'node:async_hooks';
import { createRequire } from 'node:module';

/** The context this module was loaded in: outside every test, for a test file's imports. */
const whereLoaded = new AsyncResource('pinmesh-testing');

/** Runs `add` with node:test's API where the hooks it adds belong to the file, not to a test. */
export function onTestFile(add: (nodeTest: typeof import('node:test')) => void): void {
  const nodeTest = createRequire(import.meta.url)('node:test') as typeof import('node:test');
  whereLoaded.runInAsyncScope(() => add(nodeTest));
}
