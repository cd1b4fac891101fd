/**
 * A bench its test forgot to stop keeps the run up (a board, sockets on 127.0.0.1, the simulated
 * MCU's turns), and a test file whose process never exits hangs `node --test` (and the CI job with
 * it) after the last test passed. Under `node --test`, each bench is therefore stopped, at the
 * latest, when the test that started it ends (node:test's `after`, registered on the test running
 * then; on the file when its context is not known), with a warning saying where to stop it.
 *
 * Only under node:test's runner (`NODE_TEST_CONTEXT`, which it sets for each test file's process):
 * elsewhere `after` would start a test run of its own. vitest and jest end their workers when the
 * tests are over.
 */

/** What can be stopped, and says whether it was. */
export interface Stoppable {
  readonly stopped: boolean;
  stop(): Promise<void>;
}

export async function stopWithItsTest(bench: Stoppable, what: string): Promise<void> {
  if (process.env.NODE_TEST_CONTEXT === undefined) return;
  const { after } = await import('node:test');
  after(async () => {
    if (bench.stopped) return;
    process.emitWarning(`${what} was not stopped by its test: pinmesh/testing stopped it when the test ended. Call \`await bench.stop()\` in \`finally\` or \`after()\`.`, {
      code: 'PINMESH_BENCH_NOT_STOPPED',
    });
    await bench.stop();
  });
}
