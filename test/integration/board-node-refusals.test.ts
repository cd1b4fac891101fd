/**
 * What a client of a board node (`--board ws://…`) is told when the node is not there, comes back
 * wanting a token, or refuses the one it was sent: the true reason, said once, at once, and never
 * "start it" to a node that answered.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BoardOfflineError } from '../../src/boards/board.js';
import { MockBoard } from '../../src/boards/mock-board.js';
import { boardNodeNotReady } from '../../src/boards/remote/board-node-not-ready.js';
import { connectWebSocket, HandshakeTimedOut } from '../../src/net/ws-client.js';
import type { RemoteBoard } from '../../src/boards/remote/remote-board.js';
import { UserError } from '../../src/errors.js';
import { Token } from '../../src/security/token.js';
import { TestBoardNode } from '../support/board-node.js';

const secret = 'a-board-token-that-is-long-enough-42';

/** A port on 127.0.0.1 that nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The warnings `board` emits from now on. */
function warningsOf(board: RemoteBoard): string[] {
  const warnings: string[] = [];
  board.on('warning', (warning: string) => warnings.push(warning));
  return warnings;
}

describe('a board node restarted with a token while a client drives its board', () => {
  const mock = new MockBoard();
  let open: TestBoardNode;
  let guarded: TestBoardNode;
  let driver: RemoteBoard;
  let warnings: string[];

  before(async () => {
    open = await new TestBoardNode(mock).start();
    // Wrong tokens held from the first: a client with none must not be.
    guarded = new TestBoardNode(mock, { token: new Token(secret), throttle: { freeFailures: 0, baseDelay: 10, maxDelay: 20 } });
    guarded.port = open.port;
    driver = open.client({ client: 'buzzer', retryRefusalMs: 20 });
    warnings = warningsOf(driver);
    await driver.ready();
    await driver.digitalWrite(3, 1);
    const offline = new Promise((resolve) => driver.once('offline', resolve));
    await open.stop();
    await offline;
    await guarded.start();
  });
  after(async () => {
    await driver?.close();
    await guarded?.stop();
    await mock.close();
  });

  it('the client says once that the node now wants a token and how to give it, however often it asks again', async () => {
    await guarded.event((event) => event.event === 'auth' && guarded.events.filter((e) => e.event === 'auth').length >= 4);
    assert.deepEqual(warnings, [
      `the board node at ${open.url}/ came back wanting a token: restart this process with the same one (--token-file FILE or PINMESH_TOKEN); its board is offline here until then (asking again every 20 ms)`,
    ]);
  });

  it('its tries without a token are answered at once, and count as no guess', () => {
    const auth = guarded.events.filter((event) => event.event === 'auth');
    assert.deepEqual(new Set(auth.map((event) => JSON.stringify([event.status, event.reason, event.failures, event.delay]))), new Set([JSON.stringify([401, 'missing token', undefined, undefined])]));
  });

  it('a new client without the token is told it is wanted, at once', async () => {
    const late = guarded.client({ connectFor: 60_000 });
    await assert.rejects(late.ready(), (error: Error) => error instanceof UserError && /^the board node at ws:\/\/127\.0\.0\.1:\d+\/ wants a token: give this process the same one \(--token-file FILE or PINMESH_TOKEN\)$/.test(error.message));
    await late.close();
  });

  it('a client that sent another token is told its token was refused, not that one is wanted', async () => {
    const wrong = guarded.client({ connectFor: 60_000, headers: () => ({ Authorization: 'Bearer not-the-board-nodes-token-0123456789' }) });
    await assert.rejects(wrong.ready(), (error: Error) => error instanceof UserError && /^the board node at ws:\/\/127\.0\.0\.1:\d+\/ refused this process's token: it is not the one the board node has; give both the same token \(--token-file FILE or PINMESH_TOKEN\)$/.test(error.message));
    await wrong.close();
  });

  it('closed, the client says the node restarted (it is running), not that it stopped before this process did', async () => {
    await driver.close();
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.equal(warnings[1], `the board node at ${open.url}/ restarted while this process was driving its board: as it stopped it drove its outputs LOW, this process's among them, and it has not served this process since`);
  });
});

describe('a board node that is not there', () => {
  // Without the short retry, ready() would wait its whole connectFor (600 s) and the test time out.
  it('nothing listening at the address is said after a short retry, not after the whole wait for a slow node', { timeout: 60_000 }, async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const board = new MockBoard();
    const client = new TestBoardNode(board).client({ url, connectFor: 600_000, refusedFor: 200 });
    await assert.rejects(client.ready(), (error: Error) => error instanceof BoardOfflineError && error.message === `nothing listens at ${url}/ (connection refused): start the board node there (pinmesh board --board uno) or fix the address`);
    await client.close();
  });

  it('a board node that starts listening within that retry is met', async () => {
    const board = new MockBoard();
    const node = new TestBoardNode(board);
    node.port = await closedPort();
    const client = node.client({ refusedFor: 60_000 });
    const ready = client.ready();
    await node.start();
    await ready;
    await client.close();
    await node.stop();
  });
});

describe('what ready() says when its wait ends: "start it" only when nothing answered', () => {
  const url = 'ws://127.0.0.1:8764/';

  it('a node that took the connection and never finished the handshake (suspended, or not a board node)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await connectWebSocket(`ws://127.0.0.1:${port}/`, { handshakeTimeoutMs: 100 }).then(() => undefined, (failure: unknown) => failure);
      assert.ok(error instanceof HandshakeTimedOut, String(error));
      assert.equal(
        boardNodeNotReady(url, 15_000, { error, greetedBoardOffline: false }).message,
        'something at ws://127.0.0.1:8764/ took the connection but did not finish the WebSocket handshake within 100 ms: is it a board node (pinmesh board), and running (not suspended)?',
      );
    } finally {
      silent.close();
    }
  });

  it('a node that greeted this process but whose board stayed offline', () => {
    assert.equal(
      boardNodeNotReady(url, 15_000, { error: undefined, greetedBoardOffline: true }).message,
      'the board node at ws://127.0.0.1:8764/ answered, but its board stayed offline for 15 s: see what the board node says of its board',
    );
  });

  it('no answer at all (no route, no such host): start it, or fix the address', () => {
    assert.equal(
      boardNodeNotReady(url, 15_000, { error: Object.assign(new Error('EHOSTUNREACH'), { code: 'EHOSTUNREACH' }), greetedBoardOffline: false }).message,
      'no board node answered at ws://127.0.0.1:8764/ within 15 s (EHOSTUNREACH): start it (pinmesh board --board uno) or fix the address',
    );
  });
});
