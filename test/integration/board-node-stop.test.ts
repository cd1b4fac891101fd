/**
 * A board node (`pinmesh board`) and a client of it (`--board ws://…`) stopped together, or the node
 * first: the client says one true thing about its outputs, never "could not make them safe" and
 * "outputs driven LOW" both, and never "outputs driven LOW" when the node was gone before it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, runCli, startCli, type CliProcess } from '../support/cli.js';

// Any closing line of the board (blink has no piezo: `outputs driven LOW, board released`).
const drivenLow = /outputs driven LOW(, piezo silent)?, board released|its outputs could not be driven LOW/;
const notSafe = /could not make this process's outputs safe/;
const nodeStopped = /the board node at ws:\/\/127\.0\.0\.1:\d+\/? stopped before this process did; it drives its outputs LOW as it stops/;

/** A board node on a mock board and `pinmesh run examples/blink.ts` driving it, both serving. */
async function boardAndClient(): Promise<{ board: CliProcess; client: CliProcess; boardPort: number }> {
  const boardPort = await freePort();
  const board = startCli(['board', '--board', 'mock', '--port', String(boardPort)]);
  await board.waitForLine((line) => /serving on/.test(line));
  const client = startCli(['run', 'examples/blink.ts', '--board', `ws://127.0.0.1:${boardPort}`, '--port', String(await freePort())]);
  await client.waitForLine((line) => /\[ blink \] serving on/.test(line));
  return { board, client, boardPort };
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

describe('a board node restarted with --token-file while its client runs', { timeout: 120_000 }, () => {
  let dir: string;
  let tokenFile: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-board-token-'));
    tokenFile = join(dir, 'token');
    await writeFile(tokenFile, 'a-board-token-that-is-long-enough-0123456789\n', { mode: 0o600 });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('the client says once that the node wants a token, a new client is told so at once, and the stop is said truly', async () => {
    const { board, client, boardPort } = await boardAndClient();
    board.child.kill('SIGTERM');
    await board.exited;
    await client.waitForLine((line) => /board offline/.test(line));
    const guarded = startCli(['board', '--board', 'mock', '--port', String(boardPort), '--token-file', tokenFile, '--json']);
    try {
      const url = `ws://127.0.0.1:${boardPort}/`;
      await client.waitForLine((line) => line.includes(`the board node at ${url} came back wanting a token: restart this process with the same one (--token-file FILE or PINMESH_TOKEN)`));

      const late = await runCli(['run', 'examples/blink.ts', '--board', `ws://127.0.0.1:${boardPort}`, '--port', String(await freePort())]);
      assert.equal(late.code, 1);
      assert.match(late.stderr, new RegExp(`^pinmesh: the board node at ws://127\\.0\\.0\\.1:${boardPort}/ wants a token: give this process the same one \\(--token-file FILE or PINMESH_TOKEN\\)$`, 'm'));
      assert.doesNotMatch(late.stderr, /start it|timed out/);

      client.child.kill('SIGTERM');
      const { stdout } = await client.exited;
      assert.equal(stdout.split('\n').filter((line) => /wanting a token/.test(line)).length, 1, stdout);
      assert.match(stdout, /the board node at ws:\/\/127\.0\.0\.1:\d+\/ restarted while this process was driving its board: as it stopped it drove its outputs LOW/);
      assert.doesNotMatch(stdout, nodeStopped);
      const refused = guarded.events().filter((event) => event.event === 'auth');
      assert.ok(refused.length >= 2, 'both clients were refused');
      assert.ok(refused.every((event) => event.reason === 'missing token' && event.delay === undefined), JSON.stringify(refused));
    } finally {
      guarded.child.kill('SIGTERM');
      await guarded.exited;
    }
  });
});
