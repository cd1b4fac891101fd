import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openBoard } from '../../src/boards/open-board.js';
import { UserError } from '../../src/errors.js';
import { boardCredentials } from '../../src/security/board-token.js';
import { Token } from '../../src/security/token.js';
import { assertNoSecretInUrl } from '../../src/security/url-secrets.js';
import { freePort, hasNoStackTrace, runCli } from '../support/cli.js';

const secret = 'url-secret-token-0123456789abcdef';

describe('a token goes only where the person said, never in an address on the command line', () => {
  it('refuses ?token= and a password in an address, without repeating the secret', () => {
    for (const url of [`ws://127.0.0.1:8764/?token=${secret}`, `ws://127.0.0.1:8764/x?a=1&TOKEN=${secret}`, `wss://me:${secret}@host:1/`]) {
      assert.throws(() => assertNoSecretInUrl(url, 'the --board address'), (error: Error) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /the --board address carries a (token|password).*--token-file FILE.*pinmesh token FILE/);
        assert.ok(!error.message.includes(secret));
        return true;
      });
    }
    assertNoSecretInUrl('ws://127.0.0.1:8764', 'the --board address');
    assertNoSecretInUrl('ws://127.0.0.1:8764/?tokens=1', 'the --board address');
  });

  it('pinmesh buzzer --board "ws://…/?token=…" is one line of advice, and the token is not printed', async () => {
    const port = await freePort();
    const result = await runCli(['buzzer', '--port', String(port), '--board', `ws://127.0.0.1:${port}/?token=${secret}`]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /^pinmesh: the --board address carries a token \(\?token=…\): .*--token-file FILE/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.ok(hasNoStackTrace(result.stderr));
    assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
  });

  it('a board address from a circuit file is held to the same rule', async () => {
    await assert.rejects(openBoard(`ws://127.0.0.1:1/?token=${secret}`), /the board address carries a token/);
  });
});

describe('the token goes to the board node the person named, not to one a circuit file names', () => {
  it('the rule: --board gets it; a circuit file\'s board only over wss:// checked against the person\'s --tls-ca', () => {
    const token = new Token(secret);
    const bearer = { Authorization: `Bearer ${secret}` };
    assert.deepEqual(boardCredentials('ws://127.0.0.1:8764', 'named', { token }).headers, bearer);
    const fromFile = boardCredentials('ws://127.0.0.1:8764', 'circuit-file', { token });
    assert.deepEqual(fromFile.headers, {});
    assert.match(fromFile.withheldAdvice ?? '', /run with --board ws:\/\/127\.0\.0\.1:8764 to send it the token/);
    assert.deepEqual(boardCredentials('wss://bench:8764', 'circuit-file', { token }).headers, {}, 'the public CAs vouch for anyone\'s host');
    assert.deepEqual(boardCredentials('wss://bench:8764', 'circuit-file', { token, ca: 'PEM' }).headers, bearer);
    assert.deepEqual(boardCredentials('ws://127.0.0.1:8764', 'circuit-file', {}), { headers: {} }, 'no token, nothing to say');
  });

  /** A board node that wants a token: answers every upgrade 401, and keeps the Authorization headers it was sent. */
  async function boardNodeWantingAToken(): Promise<{ url: string; authorizations: string[]; close(): Promise<void> }> {
    const authorizations: string[] = [];
    const server = createServer();
    server.on('upgrade', (request, socket) => {
      authorizations.push(request.headers.authorization ?? '(none)');
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `ws://127.0.0.1:${port}`, authorizations, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  async function circuitWithBoard(board: string): Promise<{ circuit: string; tokenFile: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-board-token-'));
    const circuit = join(dir, 'circuit.json');
    await writeFile(circuit, JSON.stringify({ board, nodes: { buzzer: { host: '127.0.0.1', port: await freePort() } } }));
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, `${secret}\n`, { mode: 0o600 });
    return { circuit, tokenFile };
  }

  it('a board address from a circuit file is sent no token, and the person is told how to send it one', async () => {
    const board = await boardNodeWantingAToken();
    try {
      const { circuit, tokenFile } = await circuitWithBoard(board.url);
      const result = await runCli(['buzzer', '--circuit', circuit, '--token-file', tokenFile]);
      assert.notEqual(result.code, 0);
      assert.ok(board.authorizations.length > 0, 'the board node was asked');
      assert.deepEqual([...new Set(board.authorizations)], ['(none)'], 'no token reached the address the circuit file named');
      assert.match(result.stderr, new RegExp(`wants a token: the circuit file names this board node.*run with --board ${board.url} to send it the token`));
      assert.ok(hasNoStackTrace(result.stderr));
      assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
    } finally {
      await board.close();
    }
  });

  it('the board named on --board is sent the token', async () => {
    const board = await boardNodeWantingAToken();
    try {
      const { circuit, tokenFile } = await circuitWithBoard(board.url);
      const result = await runCli(['buzzer', '--circuit', circuit, '--token-file', tokenFile, '--board', board.url]);
      assert.notEqual(result.code, 0);
      assert.deepEqual([...new Set(board.authorizations)], [`Bearer ${secret}`]);
    } finally {
      await board.close();
    }
  });
});
