import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { MockBoard } from '../../src/boards/mock-board.js';
import { EventReporter, silentReporter } from '../../src/report/events.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { memorySink } from '../../src/report/sinks.js';
import type { RunningNode } from '../../src/net/ws-server.js';
import { serveSketch } from '../../src/runtime/node-server.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { loopback } from '../support/mesh.js';
import { closed, open, request } from '../support/raw-clients.js';

/** Answers at once, except "hold", which waits until "release" arrives on any connection. */
class GateSketch extends Sketch {
  private open!: () => void;
  private gate = this.closedGate();
  private closedGate(): Promise<void> {
    return new Promise((resolve) => (this.open = resolve));
  }
  override async loop(channel: string, message: string) {
    if (message === 'hold') return this.gate.then(() => 'released');
    if (message === 'release') {
      this.open();
      this.gate = this.closedGate();
      return 'released them';
    }
    return `${channel} ${message}`;
  }
}

describe('a node holds its limits, and other clients do not notice', () => {
  let node: RunningNode;
  const sink = memorySink();
  before(async () => {
    const sketch = new GateSketch({ name: 'gate', board: new NodeBoard(new MockBoard(), 'gate', silentReporter), peers: undefined as never, reporter: silentReporter });
    node = await serveSketch(sketch, { host: loopback, port: 0, reporter: new EventReporter([sink]), security: { limits: { maxConnections: 3, maxQueued: 5, maxPayload: 1024 } } });
  });
  after(() => node.close());

  it('the client over the connection cap is closed with 1013 and a reason saying why', async () => {
    const three = await Promise.all([1, 2, 3].map(() => open(`${node.url}/a`)));
    const fourth = await open(`${node.url}/a`);
    const { code, reason } = await closed(fourth);
    assert.equal(code, 1013);
    assert.match(reason, /gate already has 3 clients connected; try again later/);
    assert.equal(await request(three[0]!, 'still here'), '/a still here');
    three[2]!.close();
    await closed(three[2]!);
    const again = await open(`${node.url}/b`);
    assert.equal(await request(again, 'in'), '/b in', 'a place freed is a place taken');
    for (const socket of [three[0]!, three[1]!, again]) socket.close();
    await Promise.all([three[0]!, three[1]!, again].map(closed));
    const limit = sink.events.filter((e) => e.event === 'limit').filter((e) => e.limit === 'connections');
    assert.equal(limit.length, 1);
    assert.equal(limit[0]!.remote, '127.0.0.1');
  });

  it('more frames waiting for replies than allowed: that connection is closed with 1008, the others carry on', async () => {
    const flooder = await open(`${node.url}/flood`);
    const other = await open(`${node.url}/calm`);
    const replies: string[] = [];
    flooder.on('message', (data) => replies.push(data.toString()));
    for (let i = 0; i < 6; i++) flooder.send('hold');
    const { code, reason } = await closed(flooder);
    assert.equal(code, 1008);
    assert.match(reason, /more than 5 frames waiting for replies; wait for each reply/);
    assert.equal(await request(other, 'release'), 'released them');
    assert.equal(await request(other, 'fine?'), '/calm fine?');
    other.close();
    assert.deepEqual(replies, [], 'nothing was answered on the closed connection');
  });

  it('a frame over the size limit closes with 1009; the node serves the next client', async () => {
    const big = await open(`${node.url}/big`);
    big.send('x'.repeat(1025));
    assert.equal((await closed(big)).code, 1009);
    const next = await open(`${node.url}/next`);
    assert.equal(await request(next, 'x'.repeat(1024)).then((reply) => reply.length), '/next '.length + 1024);
    next.close();
  });
});

describe('a client that never reads its replies', () => {
  it('is not read from while its replies wait to be sent, and is read again once it reads', async () => {
    const sketch = new GateSketch({ name: 'gate', board: new NodeBoard(new MockBoard(), 'gate', silentReporter), peers: undefined as never, reporter: silentReporter });
    const node = await serveSketch(sketch, { host: loopback, port: 0, reporter: { report() {} }, security: { limits: { maxBuffered: 64 * 1024, maxQueued: 1_000_000 } } });
    try {
      const client: WebSocket = await open(`${node.url}/slow`);
      const socket = (client as unknown as { _socket: import('node:net').Socket })._socket;
      socket.pause(); // Reads nothing the node sends.
      const frame = 'y'.repeat(16 * 1024);
      // Bounded: however much the client sends, it can only fill the kernel buffers both ways.
      let sent = 0;
      while (sent < 4_000 && client.bufferedAmount < 8 * 1024 * 1024) {
        client.send(frame);
        sent += 1;
        if (sent % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      assert.ok(sent < 4_000, `the node stopped reading: the client could send only ${sent} of 4000 frames`);
      socket.resume(); // Now it reads: every frame it managed to send gets its reply, in order.
      let replies = 0;
      await new Promise<void>((resolve) => {
        client.on('message', () => {
          replies += 1;
          if (replies === sent) resolve();
        });
      });
      assert.equal(replies, sent);
      client.close();
    } finally {
      await node.close();
    }
  });
});
