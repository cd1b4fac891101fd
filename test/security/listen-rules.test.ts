/**
 * Issue 19, rows 6 and 12: loopback is decided from the address a node was actually bound to (a
 * name like `lan.localhost` may resolve to 0.0.0.0), and a client that never finishes its upgrade
 * request is cut after the documented 10 s (Node's headersTimeout alone never cut it).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventReporter } from '../../src/report/events.js';
import { ViewServer } from '../../src/view/view-server.js';
import { freePort, pinmeshBin, startCli } from '../support/cli.js';

/** Opens a connection, sends half a request (never the blank line), and resolves with how long it was held, in ms (60 s at most: then it gives up). */
function sendHalfARequest(port: number, request: string): Promise<number> {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.resume(); // whatever is answered is read, so its close is seen
  socket.write(request);
  const givingUp = setTimeout(() => socket.destroy(), 60_000);
  return new Promise<number>((resolve) => socket.on('close', () => (clearTimeout(givingUp), resolve(Date.now() - started))));
}

/** A private mount and network namespace can be made here (root, util-linux's unshare, iproute2). */
function namespacesMissing(): string | false {
  const probe = spawnSync('unshare', ['--mount', '--net', 'true']);
  return probe.status === 0 ? false : 'needs root and unshare (util-linux) for a private /etc/hosts and network namespace';
}

describe('a node decides loopback from the address it was bound to', { skip: namespacesMissing() }, () => {
  it('--host lan.localhost, which /etc/hosts maps to 0.0.0.0, is refused without a token, saying what it resolved to', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-hosts-'));
    const hosts = join(dir, 'hosts');
    await writeFile(hosts, '127.0.0.1 localhost\n0.0.0.0 lan.localhost\n');
    // Its own network namespace (only lo) and its own /etc/hosts: nothing is bound on this machine's interfaces.
    const script = `ip link set lo up && mount --bind ${hosts} /etc/hosts && exec "${process.execPath}" "${pinmeshBin}" buzzer --board mock --host lan.localhost --port 18766`;
    const child = spawn('unshare', ['--mount', '--net', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const serving = new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('serving') && resolve()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const first = await Promise.race([exited.then(() => 'exited' as const), serving.then(() => 'serving' as const)]);
    if (first === 'serving') child.kill('SIGTERM');
    const code = await exited;
    assert.equal(first, 'exited', `the buzzer served on lan.localhost (0.0.0.0) without a token:\n${stdout}`);
    assert.notEqual(code, 0, 'a non-zero exit');
    assert.match(stderr, /refusing to serve buzzer on lan\.localhost \(which is 0\.0\.0\.0\) without a token/);
    assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/, 'one line of advice, no stack trace');
  });
});

// Each test waits on the server's own 10 s timers, nothing else: they wait at the same time.
describe('a client that never finishes its upgrade request', { concurrency: true }, () => {
  it('is cut by the node after 10 s, not held as long as it likes', async () => {
    const port = await freePort();
    const cli = startCli(['buzzer', '--board', 'mock', '--port', String(port)]);
    try {
      await cli.waitForLine((line) => line.includes(`127.0.0.1:${port}`));
      const cutAfter = await sendHalfARequest(port, 'GET /iopin HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      // 10 s of its socket's own timer: well before 25 s even on a busy machine.
      assert.ok(cutAfter < 25_000, `the node held the unfinished request ${cutAfter} ms`);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('is cut by the live view after 10 s too, before and after a whole request on the same connection', async () => {
    const view = await ViewServer.start({ port: 0, layout: { nodes: [] }, reporter: new EventReporter([]) });
    try {
      // On one connection, half a request; on another, a whole request (answered), then half of the
      // next on that kept-alive connection, which must be whole in 10 s too.
      const [cutAfter, heldAfterOne] = await Promise.all([
        sendHalfARequest(view.port, `GET /feed HTTP/1.1\r\nHost: 127.0.0.1:${view.port}\r\n`),
        sendHalfARequest(view.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${view.port}\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1:${view.port}\r\n`),
      ]);
      assert.ok(cutAfter < 25_000, `the view held the unfinished request ${cutAfter} ms`);
      assert.ok(heldAfterOne < 25_000, `the view held the second, unfinished request ${heldAfterOne} ms`);
    } finally {
      await view.close();
    }
  });
});
