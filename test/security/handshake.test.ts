import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { EventReporter, silentReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { circuitDirectory } from '../../src/mesh/directory.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import type { RunningNode } from '../../src/net/ws-server.js';
import { serveSketch } from '../../src/runtime/node-server.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { startNode } from '../../src/runtime/start-node.js';
import { Buzzer } from '../../src/sketches/buzzer.js';
import { Token } from '../../src/security/token.js';
import { loopback } from '../support/mesh.js';
import { closed, open, request, tryUpgrade } from '../support/raw-clients.js';

const secret = 'a-test-token-that-is-long-enough-0123';

/** Remembers every frame it was handed: a refused client must never reach it. */
class RecordingSketch extends Sketch {
  readonly heard: Array<{ channel: string; message: string }> = [];
  override loop(channel: string, message: string) {
    this.heard.push({ channel, message });
    return `${channel} ${message}`;
  }
}

function recorder(name = 'probe') {
  const sketch = new RecordingSketch({ name, board: new NodeBoard(new MockBoard(), name, silentReporter), peers: undefined as never, reporter: silentReporter });
  const sink = memorySink();
  return { sketch, events: sink.events, reporter: new EventReporter([sink]) };
}

describe('a web page the node was not told to allow cannot drive it', () => {
  let node: RunningNode;
  const probe = recorder();
  before(async () => {
    node = await serveSketch(probe.sketch, { host: loopback, port: 0, reporter: probe.reporter, security: { allowOrigins: ['http://localhost:3000'] } });
  });
  after(() => node.close());

  it('an evil Origin gets HTTP 403 and no frame reaches the sketch', async () => {
    const outcome = await tryUpgrade(`${node.url}/iopin`, { origin: 'http://evil.example' });
    assert.ok('status' in outcome);
    assert.equal(outcome.status, 403);
    assert.match(outcome.body, /origin "http:\/\/evil\.example" is not allowed.*--allow-origin/);
    assert.deepEqual(probe.sketch.heard, []);
    const refused = probe.events.filter((e) => e.event === 'auth');
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.remote, '127.0.0.1');
    assert.equal(refused[0]!.status, 403);
    assert.equal(refused[0]!.origin, 'http://evil.example');
  });

  it('an allowed origin and a client with no Origin (the article, ws, websocat) are served', async () => {
    for (const options of [{ origin: 'http://localhost:3000' }, {}]) {
      const socket = await open(`${node.url}/iopin`, options);
      assert.equal(await request(socket, '1'), '/iopin 1');
      socket.close();
    }
  });

  it('plain HTTP on the port is told this is a WebSocket node (426)', async () => {
    const response = await fetch(`http://127.0.0.1:${node.port}/`);
    assert.equal(response.status, 426);
    assert.match(await response.text(), /connect with a WebSocket client/);
  });
});

describe('with a token, only clients that present it are served', () => {
  let node: RunningNode;
  const probe = recorder();
  before(async () => {
    node = await serveSketch(probe.sketch, { host: loopback, port: 0, reporter: probe.reporter, security: { token: new Token(secret), throttle: { freeFailures: 2, baseDelay: 1, maxDelay: 4 } } });
  });
  after(() => node.close());

  it('no token: HTTP 401 with advice, and one auth event naming the remote address', async () => {
    const before = probe.events.length;
    const outcome = await tryUpgrade(`${node.url}/iopin`);
    assert.ok('status' in outcome);
    assert.equal(outcome.status, 401);
    assert.match(outcome.body, /missing token: send "Authorization: Bearer <token>"/);
    assert.match(String(outcome.headers['www-authenticate']), /^Bearer/);
    const events = probe.events.slice(before).filter((e) => e.event === 'auth');
    assert.equal(events.length, 1);
    assert.deepEqual([events[0]!.remote, events[0]!.status, events[0]!.reason], ['127.0.0.1', 401, 'missing token']);
    assert.deepEqual(probe.sketch.heard, []);
  });

  it('a wrong token, in the header or the query: HTTP 401', async () => {
    for (const [url, headers] of [[`${node.url}/iopin`, { Authorization: `Bearer ${secret}x` }], [`${node.url}/iopin?token=nope`, {}]] as const) {
      const outcome = await tryUpgrade(url, { headers });
      assert.ok('status' in outcome && outcome.status === 401, url);
    }
    assert.deepEqual(probe.sketch.heard, []);
  });

  it('the right token, as a Bearer header or a query parameter, is served', async () => {
    const byHeader = await open(`${node.url}/iopin`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(await request(byHeader, '1'), '/iopin 1');
    byHeader.close();
    const byQuery = await open(`${node.url}/iopin?token=${secret}`);
    assert.equal(await request(byQuery, '0'), '/iopin 0', 'the token is not part of the channel');
    byQuery.close();
    await closed(byQuery);
  });

  it('repeated failures from one address are slowed down; a right token still gets in', async () => {
    const start = probe.events.length;
    for (let i = 0; i < 4; i++) await tryUpgrade(`${node.url}/x`, { headers: { Authorization: 'Bearer wrong' } });
    const delays = probe.events.slice(start).filter((e) => e.event === 'auth').map((e) => e.delay);
    assert.equal(delays.length, 4);
    assert.ok((delays.at(-1) as number) > 0, `delays ${delays}`);
    assert.ok((delays.at(-1) as number) >= (delays[0] as number));
    const socket = await open(`${node.url}/x`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(await request(socket, 'ok'), '/x ok');
    socket.close();
  });

  it('the token never appears in an event', () => {
    assert.ok(!JSON.stringify(probe.events).includes(secret));
  });
});

describe('a node served on a server someone else owns, at a path, with a hook of its own', () => {
  let server: Server;
  let buzzer: RunningNode;
  let other: RunningNode;
  const probe = recorder('other');
  const sink = memorySink();
  before(async () => {
    server = createServer((_request, response) => response.end('the view'));
    server.listen(0, loopback);
    await once(server, 'listening');
    const board = new MockBoard();
    const sketch = new Buzzer({ name: 'buzzer', board: new NodeBoard(board, 'buzzer', silentReporter), peers: undefined as never, reporter: silentReporter });
    await sketch.setup({ pin: 3, sound: 'buzz buzz buzz' });
    buzzer = await serveSketch(sketch, {
      server,
      path: '/nodes/buzzer',
      reporter: new EventReporter([sink]),
      handshake: (request) => (request.headers['x-view-session'] === 'yes' ? undefined : { status: 401, reason: 'no view session' }),
    });
    other = await serveSketch(probe.sketch, { server, path: '/nodes/other', reporter: probe.reporter });
  });
  after(async () => {
    await buzzer.close();
    await other.close();
    server.close();
  });

  it('serves its path, with the rest of the path as the channel', async () => {
    assert.equal(buzzer.url, `ws://127.0.0.1:${buzzer.port}/nodes/buzzer`);
    const socket = await open(`${buzzer.url}/iopin`, { headers: { 'x-view-session': 'yes' } });
    assert.equal(await request(socket, '1'), 'buzz buzz buzz');
    socket.close();
    assert.equal(sink.events.find((e) => e.event === 'connected')?.channel, '/iopin');
  });

  it('its own hook refuses before the WebSocket exists', async () => {
    const outcome = await tryUpgrade(`${buzzer.url}/iopin`);
    assert.ok('status' in outcome && outcome.status === 401 && /no view session/.test(outcome.body));
  });

  it('leaves other paths to their own nodes, and plain HTTP to the server', async () => {
    const socket = await open(`${other.url}/chan`);
    assert.equal(await request(socket, 'hi'), '/chan hi');
    socket.close();
    assert.equal(await (await fetch(`http://127.0.0.1:${buzzer.port}/`)).text(), 'the view');
  });
});

describe('startNode takes the security of the node and the credentials for its peers', () => {
  it('an iopin sends the token to a buzzer the circuit marks "token": true, and the buzzer checks it', async () => {
    const token = new Token(secret);
    const board = new MockBoard();
    const sink = memorySink();
    const reporter = new EventReporter([sink]);
    const buzzer = await startNode({ sketch: Buzzer, name: 'buzzer', board, directory: circuitDirectory({ nodes: { buzzer: { host: loopback, port: 1, token: true } } }), host: loopback, port: 0, reporter, security: { token } });
    const circuit = { nodes: { buzzer: { host: loopback, port: buzzer.port, token: true } } };
    const iopin = await startNode({ sketch: (await import('../../src/sketches/iopin.js')).IOPin, name: 'iopin', options: { hold: 0 }, board, directory: circuitDirectory(circuit), host: loopback, port: 0, reporter, credentials: { token } });
    try {
      const socket = await open(`${iopin.url}/datafeed`);
      assert.equal(await request(socket, '0'), 'acknowledged');
      socket.close();
      assert.equal(sink.events.filter((e) => e.event === 'auth').length, 0);
      assert.ok(!JSON.stringify(sink.events).includes(secret));
    } finally {
      await iopin.close();
      await buzzer.close();
    }
  });

  it('without the token, the iopin is told at once why the buzzer refuses, not after retrying', async () => {
    const board = new MockBoard();
    const buzzer = await startNode({ sketch: Buzzer, name: 'buzzer', board, directory: circuitDirectory({ nodes: {} as never }), host: loopback, port: 0, reporter: { report() {} }, security: { token: new Token(secret) } });
    const circuit = { nodes: { buzzer: { host: loopback, port: buzzer.port } } };
    try {
      await assert.rejects(
        startNode({ sketch: (await import('../../src/sketches/iopin.js')).IOPin, name: 'iopin', options: { hold: 0 }, board, directory: circuitDirectory(circuit), host: loopback, port: 0, reporter: { report() {} }, peers: { connectFor: 600_000 } }),
        /^PeerUnreachableError: buzzer at ws:\/\/127\.0\.0\.1:\d+\/iopin refused the connection: HTTP 401: buzzer wants a token/,
      );
    } finally {
      await buzzer.close();
    }
  });
});
