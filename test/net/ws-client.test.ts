import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { connectWebSocket, closeWebSocket, RefusedError } from '../../src/net/ws-client.js';
import { serveClients, type RunningNode } from '../../src/net/ws-server.js';
import { silentReporter } from '../../src/report/events.js';
import { PeerLink, PeerUnreachableError } from '../../src/runtime/peer-link.js';
import type { HandshakeHook } from '../../src/security/handshake.js';
import type { WebSocket } from 'ws';
import { readFileSync } from 'node:fs';
import { hasOpenssl, selfSignedCert } from '../support/tls-files.js';

const servers: RunningNode[] = [];
/** Closes the servers a describe() started (its own after(): a top-level hook would wrap other files' tests where they share a process). */
const closeServers = () => Promise.all(servers.splice(0).map((server) => server.close()));

/** A server on 127.0.0.1 whose clients get `onClient`, behind `handshake`. */
async function server(onClient: (client: WebSocket) => void, handshake?: HandshakeHook): Promise<RunningNode> {
  const running = await serveClients('test', { host: '127.0.0.1', port: 0, reporter: silentReporter, ...(handshake ? { handshake } : {}) }, (client) => onClient(client));
  servers.push(running);
  return running;
}

/** A port on 127.0.0.1 that nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const echo = (client: WebSocket) => client.on('message', (data) => client.send(`ack ${data.toString()}`));

describe('the WebSocket client: connect once, with the headers given, or say why not', () => {
  after(closeServers);
  it('opens a socket that talks, sending the headers with the upgrade', async () => {
    const seen: Array<string | undefined> = [];
    const node = await server(echo, (request) => void seen.push(request.headers.authorization));
    const socket = await connectWebSocket(`${node.url}/datafeed`, { headers: { Authorization: 'Bearer s3cret' } });
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
    socket.send('1');
    assert.equal(await reply, 'ack 1');
    assert.deepEqual(seen, ['Bearer s3cret']);
    await closeWebSocket(socket);
    assert.equal(socket.readyState, socket.CLOSED);
  });

  it('a refused upgrade rejects with the HTTP status', async () => {
    const node = await server(echo, () => ({ status: 401, reason: 'wants a token' }));
    await assert.rejects(connectWebSocket(node.url), (error: Error) => error instanceof RefusedError && error.status === 401 && error.message === 'HTTP 401');
  });

  it("a refused upgrade rejects with the caller's advice for that status", async () => {
    const node = await server(echo, () => ({ status: 403, reason: 'origin not allowed' }));
    const advice = (status: number) => new Error(`refused (${status}): allow this origin with --allow-origin`);
    await assert.rejects(connectWebSocket(node.url, { refused: advice }), /^Error: refused \(403\): allow this origin with --allow-origin$/);
  });

  it('a server that is not there rejects with the network\'s code', async () => {
    await assert.rejects(connectWebSocket(`ws://127.0.0.1:${await closedPort()}/`), /^Error: ECONNREFUSED$/);
  });
});

describe('a peer link, built on the client: every request gets a reply or an error', () => {
  after(closeServers);
  it('a request whose connection drops before the reply fails with advice, and the next one reconnects', async () => {
    let frames = 0;
    const node = await server((client) =>
      client.on('message', (data) => {
        frames += 1;
        if (frames === 1) client.terminate(); // gone without a reply
        else client.send(`ack ${data.toString()}`);
      }),
    );
    const link = new PeerLink('buzzer', `${node.url}/datafeed`, { connectFor: 60_000 });
    try {
      await assert.rejects(
        link.exclusive((request) => request('1')),
        (error: Error) => error instanceof PeerUnreachableError && error.message === 'connection to buzzer dropped before it replied',
      );
      assert.equal(await link.exclusive((request) => request('2')), 'ack 2');
    } finally {
      await link.close();
    }
  });

  it('closing the link fails the requests still waiting for their replies', async () => {
    let arrived!: () => void;
    const frameArrived = new Promise<void>((resolve) => (arrived = resolve));
    const node = await server((client) => client.on('message', () => arrived())); // never replies
    const link = new PeerLink('buzzer', `${node.url}/datafeed`, { connectFor: 60_000, replyTimeout: 600_000 });
    const waiting = link.exclusive((request) => request('1'));
    const rejected = assert.rejects(waiting, (error: Error) => error instanceof PeerUnreachableError && error.message === 'link to buzzer closed');
    await frameArrived; // sent, and waiting for its reply
    await link.close();
    await rejected;
  });

  it('a peer that wants a token is not retried: the link says at once what to do', async () => {
    let upgrades = 0;
    const node = await server(echo, () => (upgrades += 1, { status: 401, reason: 'wants a token' }));
    const link = new PeerLink('buzzer', `${node.url}/datafeed`, { connectFor: 600_000 });
    await assert.rejects(link.connect(), /refused the connection: HTTP 401: buzzer wants a token: give this node the same one/);
    assert.equal(upgrades, 1);
    await link.close();
  });

  it('a wss:// peer whose certificate this node does not trust is not retried: the link names --tls-ca', { skip: hasOpenssl ? false : 'no openssl' }, async () => {
    const { cert, key } = await selfSignedCert();
    const node = await serveClients('buzzer', { host: '127.0.0.1', port: 0, reporter: silentReporter, security: { tls: { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') } } }, echo);
    servers.push(node);
    const link = new PeerLink('buzzer', `wss://127.0.0.1:${node.port}/iopin`, { connectFor: 600_000 });
    await assert.rejects(link.connect(), /^PeerUnreachableError: buzzer at wss:\/\/127\.0\.0\.1:\d+\/iopin has a certificate this node does not trust \(DEPTH_ZERO_SELF_SIGNED_CERT\): give this node the certificate it was signed with \(a self-signed one itself\) with --tls-ca FILE$/);
    await link.close();
    const trusting = new PeerLink('buzzer', `wss://127.0.0.1:${node.port}/iopin`, { ca: readFileSync(cert, 'utf8') });
    assert.equal(await trusting.exclusive((request) => request('1')), 'ack 1');
    await trusting.close();
  });

  it('a peer that refuses the token this node sent says it is the wrong one, not that one is missing', async () => {
    const node = await server(echo, () => ({ status: 401, reason: 'wrong token' }));
    const link = new PeerLink('buzzer', `${node.url}/datafeed`, { connectFor: 600_000, headers: () => ({ authorization: 'Bearer not-the-one' }) });
    await assert.rejects(link.connect(), /refused the connection: HTTP 401: buzzer refused this node's token: it is not the one buzzer has; give both the same token \(--token-file FILE or PINMESH_TOKEN\)$/);
    await link.close();
  });

  it('a peer that is not there is retried with backoff until connectFor, then the link says to start it', async () => {
    const retries: number[] = [];
    const link = new PeerLink('buzzer', `ws://127.0.0.1:${await closedPort()}/datafeed`, { connectFor: 300, onRetry: ({ attempt }) => retries.push(attempt) });
    await assert.rejects(link.connect(), /^PeerUnreachableError: buzzer is not reachable at ws:\/\/127\.0\.0\.1:\d+\/datafeed \(ECONNREFUSED\) after trying for \d+ s: start it \(pinmesh buzzer\)/);
    assert.ok(retries.length >= 1);
    assert.deepEqual(retries, retries.map((_, i) => i + 1));
    await link.close();
  });

  it('something that takes the connection and never finishes the handshake is not told to be started: the link asks whether it is the peer', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const link = new PeerLink('buzzer', `ws://127.0.0.1:${port}/datafeed`, { connectFor: 300, handshakeTimeout: 150 });
    try {
      await assert.rejects(link.connect(), (error: Error) => {
        assert.match(error.message, /^buzzer is not reachable at ws:\/\/127\.0\.0\.1:\d+\/datafeed \(something there took the connection but did not finish the WebSocket handshake within 150 ms\) after trying for \d+ s: is that pinmesh buzzer, and running \(not suspended\)\? If another program holds that port, fix buzzer's address in the circuit file$/);
        assert.doesNotMatch(error.message, /start it/);
        return true;
      });
    } finally {
      await link.close();
      silent.close();
    }
  });

  it('says the time it tried as it was: a handshake that outlasts connectFor is counted in full', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const link = new PeerLink('buzzer', `ws://127.0.0.1:${port}/datafeed`, { connectFor: 0, handshakeTimeout: 1_600 });
    try {
      await assert.rejects(link.connect(), (error: Error) => {
        const tried = Number(/after trying for (\d+) s/.exec(error.message)?.[1]);
        assert.ok(tried >= 2, `one attempt of 1.6 s is said as at least 2 s (not connectFor's 0): ${error.message}`);
        return true;
      });
    } finally {
      await link.close();
      silent.close();
    }
  });

  it('a web server that answers plain HTTP is not the peer: the link says so and to fix the address, not to start it', async () => {
    const web = createHttpServer((_request, response) => response.end('hello'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const { port } = web.address() as { port: number };
    const link = new PeerLink('buzzer', `ws://127.0.0.1:${port}/datafeed`, { connectFor: 300 });
    try {
      await assert.rejects(link.connect(), /^PeerUnreachableError: buzzer is not reachable at ws:\/\/127\.0\.0\.1:\d+\/datafeed \(it answered HTTP 200, not a WebSocket\) after trying for \d+ s: that is not pinmesh buzzer; fix buzzer's address in the circuit file$/);
    } finally {
      await link.close();
      web.close();
    }
  });
});
