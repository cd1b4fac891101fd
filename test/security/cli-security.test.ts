import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CliProcess, freePort, hasNoStackTrace, pinmeshBin } from '../support/cli.js';
import { open, request, tryUpgrade } from '../support/raw-clients.js';
import { hasOpenssl, selfSignedCert } from '../support/tls-files.js';

const secret = 'cli-test-token-0123456789abcdef';

/** `pinmesh …` with an environment of the test's choosing (PINMESH_TOKEN set or removed). */
function pinmesh(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const merged: NodeJS.ProcessEnv = { ...process.env, PINMESH_DEBUG: '', PINMESH_TOKEN: undefined, ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return new CliProcess(spawn(process.execPath, [pinmeshBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: merged }));
}

async function tokenFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pinmesh-token-'));
  const path = join(dir, 'token');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return path;
}

describe('pinmesh beyond loopback', () => {
  it('refuses to start a node on 0.0.0.0 without a token: one line of advice, non-zero exit, nothing bound', async () => {
    // The check is made on the address before anything is bound or opened.
    const result = await pinmesh(['buzzer', '--board', 'mock', '--host', '0.0.0.0', '--port', String(await freePort())]).exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^pinmesh: refusing to serve buzzer on 0\.0\.0\.0 without a token: .*--token-file/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.ok(hasNoStackTrace(result.stderr));
    assert.doesNotMatch(result.stdout, /serving on/);
  });

  it('a token file that does not exist is one line of advice', async () => {
    const result = await pinmesh(['buzzer', '--board', 'mock', '--port', String(await freePort()), '--token-file', '/nonexistent/token']).exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /token file \/nonexistent\/token does not exist: create it with pinmesh token \/nonexistent\/token$/m);
  });
});

describe('pinmesh buzzer with a token (PINMESH_TOKEN) on 127.0.0.1', () => {
  it('a client without it gets 401, one with it gets buzz buzz buzz; an evil page gets 403; the token is never printed', async () => {
    const port = await freePort();
    const buzzer = pinmesh(['buzzer', '--board', 'mock', '--json', '--port', String(port), '--allow-origin', 'http://localhost:3000'], { PINMESH_TOKEN: secret });
    try {
      await buzzer.waitForEvent((e) => e.event === 'listening');
      const url = `ws://127.0.0.1:${port}/iopin`;
      const without = await tryUpgrade(url);
      assert.ok('status' in without && without.status === 401);
      const evil = await tryUpgrade(url, { origin: 'http://evil.example', headers: { Authorization: `Bearer ${secret}` } });
      assert.ok('status' in evil && evil.status === 403);
      const socket = await open(url, { headers: { Authorization: `Bearer ${secret}` } });
      assert.equal(await request(socket, '1'), 'buzz buzz buzz');
      assert.equal(await request(socket, '0'), '...');
      socket.close();
      const page = await open(`${url}?token=${secret}`, { origin: 'http://localhost:3000' });
      assert.equal(await request(page, '0'), '...');
      page.close();
      const auth = await buzzer.waitForEvent((e) => e.event === 'auth' && e.status === 401);
      assert.equal(auth.remote, '127.0.0.1');
      await buzzer.waitForEvent((e) => e.event === 'signal' && e.channel === '/iopin' && e.signal === '0');
    } finally {
      buzzer.child.kill('SIGINT');
    }
    const result = await buzzer.exited;
    assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), 'the token is never printed');
  });
});

describe('two hosts, as the README sets them up: a token and TLS with a self-signed certificate', { skip: hasOpenssl ? false : 'no openssl' }, () => {
  it('buzzer on wss:// with a token, iopin trusting its certificate, clock with the token: every tick acknowledged', async () => {
    const { cert, key } = await selfSignedCert();
    const token = await tokenFile();
    const [iopinPort, buzzerPort] = [await freePort(), await freePort()];
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-two-hosts-'));
    const circuit = join(dir, 'circuit.json');
    await writeFile(
      circuit,
      JSON.stringify({ nodes: { iopin: { host: '127.0.0.1', port: iopinPort, token: true }, buzzer: { host: '127.0.0.1', port: buzzerPort, token: true, tls: true } } }),
    );
    const buzzer = pinmesh(['buzzer', '--board', 'mock', '--json', '--circuit', circuit, '--token-file', token, '--tls-cert', cert, '--tls-key', key]);
    const iopin = pinmesh(['iopin', '--board', 'mock', '--json', '--hold', '0', '--circuit', circuit, '--token-file', token, '--tls-ca', cert]);
    try {
      const listening = await buzzer.waitForEvent((e) => e.event === 'listening');
      assert.equal(listening.url, `wss://127.0.0.1:${buzzerPort}`);
      await iopin.waitForEvent((e) => e.event === 'listening');
      const clock = await pinmesh(['clock', '--ticks', '3', '--delay', '0', '--circuit', circuit, '--token-file', token]).exited;
      assert.equal(clock.code, 0, clock.stderr);
      assert.equal(clock.stdout.split('\n').filter((line) => line === '[ clock ] < acknowledged').length, 3);
      // Without the certificate, a client does not trust the buzzer; without TLS, it cannot talk to it.
      await assert.rejects(open(`wss://127.0.0.1:${buzzerPort}/x`, { headers: { Authorization: `Bearer ${secret}` } }), /self[- ]signed/);
      const trusted = await open(`wss://127.0.0.1:${buzzerPort}/x`, { headers: { Authorization: `Bearer ${secret}` }, ca: readFileSync(cert, 'utf8') });
      assert.equal(await request(trusted, '0'), '...');
      trusted.close();
    } finally {
      buzzer.child.kill('SIGINT');
      iopin.child.kill('SIGINT');
    }
    const results = await Promise.all([buzzer.exited, iopin.exited]);
    assert.equal(buzzer.events().filter((e) => e.event === 'signal').length, 9 + 1);
    assert.equal(buzzer.events().filter((e) => e.event === 'auth').length, 0);
    for (const result of results) assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret));
  });
});
