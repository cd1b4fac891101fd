import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { MockBoard } from '../../src/boards/mock-board.js';
import type { RunningNode } from '../../src/net/ws-server.js';
import { EventReporter, silentReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { IDLE_TIMEOUT_MS, MAX_CONNECTIONS_PER_ADDRESS, type ConnectionLimits } from '../../src/security/limits.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { serveSketch } from '../../src/runtime/node-server.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { TestBoardNode } from '../support/board-node.js';
import { closed, open, request } from '../support/raw-clients.js';

class EchoSketch extends Sketch {
  override loop(channel: string, message: string) {
    return `${channel} ${message}`;
  }
}

/** The two kinds of node a client can hog: a sketch's and the board node; each with a frame that proves a client is served. */
const nodes: Array<{ kind: string; serve(limits?: Partial<ConnectionLimits>): Promise<{ url: string; close(): Promise<void>; events: () => Array<Record<string, unknown>> }>; probe: string; served: RegExp }> = [
  {
    kind: 'a sketch node',
    async serve(limits) {
      const sink = memorySink();
      const sketch = new EchoSketch({ name: 'echo', board: new NodeBoard(new MockBoard(), 'echo', silentReporter), peers: undefined as never, reporter: silentReporter });
      const node: RunningNode = await serveSketch(sketch, { host: '127.0.0.1', port: 0, reporter: new EventReporter([sink]), security: { limits: limits ?? {} } });
      return { url: `${node.url}/x`, close: () => node.close(), events: () => sink.events as never };
    },
    probe: 'hi',
    served: /^\/x hi$/,
  },
  {
    kind: 'the board node',
    async serve(limits) {
      const node = await new TestBoardNode(new MockBoard(), { limits: limits ?? {} }).start();
      return { url: node.url, close: () => node.stop(), events: () => node.events as never };
    },
    probe: '{}',
    served: /"kind":"bad-request"/,
  },
];

describe('idle or hogging connections cannot hold every slot', { concurrency: true }, () => {
  it('the numbers: 32 per address (half of the 64), 2 minutes of silence', () => {
    assert.equal(MAX_CONNECTIONS_PER_ADDRESS, 32);
    assert.equal(IDLE_TIMEOUT_MS, 120_000);
  });

  for (const { kind, serve, probe, served } of nodes) {
    it(`${kind}: one address opening 64 idle connections gets ${MAX_CONNECTIONS_PER_ADDRESS}; a client from another address is served`, async () => {
      const node = await serve();
      const hog: WebSocket[] = [];
      try {
        const outcomes = await Promise.all(
          Array.from({ length: 64 }, async () => {
            const socket = await open(node.url);
            hog.push(socket);
            const result = await Promise.race([closed(socket), request(socket, probe).then(() => 'served' as const)]);
            return result === 'served' ? result : `${result.code} ${result.reason}`;
          }),
        );
        assert.equal(outcomes.filter((outcome) => outcome === 'served').length, MAX_CONNECTIONS_PER_ADDRESS);
        const refusals = new Set(outcomes.filter((outcome) => outcome !== 'served'));
        assert.equal(refusals.size, 1);
        assert.match([...refusals][0]!, /^1013 .* already has 32 clients connected from 127\.0\.0\.1; close one, or try again later$/);
        const other = await open(node.url, { localAddress: '127.0.0.2' });
        hog.push(other);
        assert.match(await request(other, probe), served);
        const limits = node.events().filter((event) => event.event === 'limit');
        assert.deepEqual(limits.map((event) => [event.limit, event.max, event.remote]), [['connections-per-address', 32, '127.0.0.1']]);
      } finally {
        for (const socket of hog) socket.terminate();
        await node.close();
      }
    });

    it(`${kind}: a client that sends nothing is closed after the idle time; one that pings is kept`, async () => {
      const node = await serve({ idleMs: 1500 });
      const pinger = await open(node.url);
      const pinging = setInterval(() => pinger.ping(), 150);
      try {
        const silent = await open(node.url);
        assert.deepEqual(await closed(silent), { code: 1000, reason: 'nothing received for 2 s; connect again when there is something to send' });
        const later = await open(node.url);
        assert.equal((await closed(later)).code, 1000, 'a second idle time has passed');
        assert.match(await request(pinger, probe), served, 'the client that pinged all along is still served');
        const idle = node.events().filter((event) => event.limit === 'idle');
        assert.equal(idle.length, 2);
        assert.equal(idle[0]!.max, 1500);
      } finally {
        clearInterval(pinging);
        pinger.terminate();
        await node.close();
      }
    });

    it(`${kind}: a client sending frames past the idle time is kept, and closed once it has been silent for it`, async () => {
      const node = await serve({ idleMs: 1500 });
      const talker = await open(node.url);
      try {
        const ended = closed(talker);
        let open = true;
        void ended.then(() => (open = false));
        // 3 s of a frame every 250 ms: twice the idle time, never silent for it.
        for (let frame = 0; frame < 12; frame++) {
          assert.match(await request(talker, probe), served, `frame ${frame}: still served`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.ok(open, 'a client that kept sending frames was not closed');
        assert.deepEqual(await ended, { code: 1000, reason: 'nothing received for 2 s; connect again when there is something to send' });
        assert.equal(node.events().filter((event) => event.limit === 'idle').length, 1);
      } finally {
        talker.terminate();
        await node.close();
      }
    });
  }
});
