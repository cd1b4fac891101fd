/**
 * Whether this process runs node:test's tests, which the bench then ties itself to
 * (stop-with-its-file.ts): a test file's process under `node --test` (the runner sets
 * NODE_TEST_CONTEXT for it), or a test file run as it is, `node blink.test.mjs`, which loaded
 * node:test itself (its harness is among the built-in modules this process loaded: the
 * undocumented but long-standing `process.moduleLoadList`). Not under vitest or jest, which end
 * their workers themselves, nor in a program that loaded no node:test: there, node:test's `after()`
 * would start a test run of its own.
 */
export function underNodeTest(): boolean {
  if (process.env.NODE_TEST_CONTEXT !== undefined) return true;
  if (process.env.VITEST !== undefined || process.env.JEST_WORKER_ID !== undefined) return false;
  const loaded = (process as { moduleLoadList?: unknown }).moduleLoadList;
  return Array.isArray(loaded) && loaded.some((entry) => typeof entry === 'string' && entry.endsWith('internal/test_runner/harness'));
}
