/**
 * A board node (`pinmesh board`) and a client of it (`--board ws://…`) stopped together, or the node
 * first: the client says one true thing about its outputs, never "could not make them safe" and
 * "outputs driven LOW" both, and never "outputs driven LOW" when the node was gone before it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort, startCli, type CliProcess } from '../support/cli.js';

// Any closing line of the board (blink has no piezo: `outputs driven LOW, board released`).
const drivenLow = /outputs driven LOW(, piezo silent)?, board released|its outputs could not be driven LOW/;
const notSafe = /could not make this process's outputs safe/;
const nodeStopped = /the board node at ws:\/\/127\.0\.0\.1:\d+\/? stopped before this process did; it drives its outputs LOW as it stops/;

/** A board node on a mock board and `pinmesh run examples/blink.ts` driving it, both serving. */
async function boardAndClient(): Promise<{ board: CliProcess; client: CliProcess }> {
  const boardPort = await freePort();
  const board = startCli(['board', '--board', 'mock', '--port', String(boardPort)]);
  await board.waitForLine((line) => /serving on/.test(line));
  const client = startCli(['run', 'examples/blink.ts', '--board', `ws://127.0.0.1:${boardPort}`, '--port', String(await freePort())]);
  await client.waitForLine((line) => /\[ blink \] serving on/.test(line));
  return { board, client };
}

describe('a board node and its client stopped', () => {
  it('the node first: the client says the node drove its outputs LOW, not that it did', async () => {
    const { board, client } = await boardAndClient();
    board.child.kill('SIGINT');
    await board.exited;
    await client.waitForLine((line) => /board offline/.test(line));
    client.child.kill('SIGINT');
    const { stdout } = await client.exited;
    assert.match(stdout, nodeStopped);
    assert.doesNotMatch(stdout, drivenLow);
    assert.doesNotMatch(stdout, notSafe);
  });

  it('together: one statement about the outputs, not two that contradict each other', async () => {
    const { board, client } = await boardAndClient();
    board.child.kill('SIGINT');
    client.child.kill('SIGINT');
    const [{ stdout }] = await Promise.all([client.exited, board.exited]);
    const statements = [drivenLow, nodeStopped, notSafe].filter((statement) => statement.test(stdout));
    assert.equal(statements.length, 1, stdout);
    assert.doesNotMatch(stdout, notSafe, `a node that stopped is not a failure to make the outputs safe:\n${stdout}`);
  });
});
