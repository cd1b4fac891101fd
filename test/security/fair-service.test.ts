import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { MockBoard } from '../../src/boards/mock-board.js';
import { silentReporter } from '../../src/report/events.js';
import { asCaller, newCaller } from '../../src/runtime/caller.js';
import { FairQueue } from '../../src/runtime/fair-queue.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { serveSketch } from '../../src/runtime/node-server.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { freeCircuitFile, startCli } from '../support/cli.js';
import { closed, open, request } from '../support/raw-clients.js';

/**
 * Like the iopin: one tick at a time on a shared resource (a few ms each). `served` lists the
 * channels of the ticks served, in order, and when a tick on /good arrived ("arrived /good").
 */
class SharedPinSketch extends Sketch {
  readonly served: string[] = [];
  private readonly ticks = new FairQueue();
  override loop(channel: string, message: string) {
    if (channel === '/good') this.served.push('arrived /good');
    return this.ticks.run(async () => {
      await sleep(2);
      this.served.push(channel);
      return `${channel} ${message}`;
    });
  }
}

const hogs = 30;

describe('fair service: a client is not kept waiting behind every tick of every other connection', () => {
  it(`with ${hogs} connections from 127.0.0.1 each keeping a tick in flight, a client from 127.0.0.2 waits for at most 2 of their ticks`, async () => {
    const sketch = new SharedPinSketch({ name: 'pin', board: new NodeBoard(new MockBoard(), 'pin', silentReporter), peers: undefined as never, reporter: silentReporter });
    const node = await serveSketch(sketch, { host: '127.0.0.1', port: 0, reporter: silentReporter });
    const sockets: WebSocket[] = [];
    let stopping = false;
    try {
      const replies: string[][] = [];
      const hogging = Array.from({ length: hogs }, async (_, index) => {
        const socket = await open(`${node.url}/hog${index}`);
        sockets.push(socket);
        const mine: string[] = [];
        replies.push(mine);
        for (let tick = 0; !stopping; tick++) {
          const reply = await request(socket, String(tick)).catch(() => undefined); // closed as the test ends
          if (reply === undefined) return;
          mine.push(reply);
        }
      });
      while (sketch.served.length < hogs * 3) await sleep(20); // every hog busy, steadily
      const good = await open(`${node.url}/good`, { localAddress: '127.0.0.2' });
      sockets.push(good);
      for (let round = 0; round < 3; round++) {
        assert.equal(await request(good, `t${round}`), `/good t${round}`);
        const arrived = sketch.served.lastIndexOf('arrived /good');
        const others = sketch.served.lastIndexOf('/good') - arrived - 1;
        // At most the tick being played when it arrived, and one of the other address's.
        assert.ok(others <= 2, `round ${round}: ${others} other ticks were served before the good client's`);
      }
      stopping = true;
      for (const socket of sockets) socket.close();
      await Promise.allSettled(hogging);
      // Each frame got exactly one reply, in order per connection.
      for (const mine of replies) assert.deepEqual(mine, mine.map((_, tick) => mine[0]!.replace(/ \d+$/, ` ${tick}`)));
    } finally {
      stopping = true;
      for (const socket of sockets) socket.terminate();
      await Promise.all(sockets.map(closed));
      await node.close();
    }
  });

  it('the turns: each address in turn, within one its connections in turn, one connection in order', async () => {
    const queue = new FairQueue();
    const a1 = newCaller('10.0.0.1');
    const a2 = newCaller('10.0.0.1');
    const b = newCaller('10.0.0.2');
    const order: string[] = [];
    const job = (name: string) => async () => {
      await sleep(1);
      order.push(name);
    };
    // Something is running while they queue up: then they take turns.
    const all = [
      asCaller(newCaller('10.0.0.9'), () => queue.run(job('running'))),
      asCaller(a1, () => queue.run(job('a1-1'))),
      asCaller(a1, () => queue.run(job('a1-2'))),
      asCaller(a1, () => queue.run(job('a1-3'))),
      asCaller(a2, () => queue.run(job('a2-1'))),
      asCaller(b, () => queue.run(job('b-1'))),
      asCaller(b, () => queue.run(job('b-2'))),
    ];
    await Promise.all(all);
    assert.deepEqual(order, ['running', 'a1-1', 'b-1', 'a2-1', 'b-2', 'a1-2', 'a1-3']);
  });
});

describe('fair service at a real `pinmesh iopin` (with its buzzer), counted from its own tick events', () => {
  it('20 connections from 127.0.0.1 keep it busy; a client from 127.0.0.2 waits for a few of their ticks, not 20', async () => {
    const circuit = await freeCircuitFile();
    const buzzer = startCli(['buzzer', '--board', 'mock', '--circuit', circuit.path, '--json']);
    const iopin = startCli(['iopin', '--board', 'mock', '--circuit', circuit.path, '--hold', '100', '--json']);
    const sockets: WebSocket[] = [];
    let stopping = false;
    try {
      await buzzer.waitForEvent((event) => event.event === 'listening');
      await iopin.waitForEvent((event) => event.event === 'listening');
      const url = `ws://127.0.0.1:${circuit.iopin}`;
      const ticks = () => iopin.events().filter((event) => event.event === 'tick');
      const hogging = Array.from({ length: 20 }, async (_, index) => {
        const socket = await open(`${url}/hog${index}`);
        sockets.push(socket);
        while (!stopping) if ((await request(socket, '1').catch(() => undefined)) === undefined) return;
      });
      while (ticks().length < 40) await sleep(50); // every hog busy, steadily
      const good = await open(`${url}/good`, { localAddress: '127.0.0.2' });
      sockets.push(good);
      for (let round = 0; round < 3; round++) {
        const from = ticks().length;
        assert.equal(await request(good, '1'), 'acknowledged');
        await iopin.waitForLine((line) => line.includes('"/good"') && ticks().slice(from).some((event) => event.channel === '/good'));
        const others = ticks().slice(from).findIndex((event) => event.channel === '/good');
        // The tick being played, one of 127.0.0.1's turn; a tick more if its line was still in the pipe when the good one was sent.
        assert.ok(others <= 3, `round ${round}: ${others} other ticks were played before the good client's`);
      }
      stopping = true;
      // Unref: the timer must not hold the test process open after the hogs are done.
      await Promise.race([Promise.allSettled(hogging), sleep(20_000, undefined, { ref: false })]);
    } finally {
      stopping = true;
      for (const socket of sockets) socket.terminate();
      iopin.child.kill('SIGTERM');
      buzzer.child.kill('SIGTERM');
      await Promise.all([iopin.exited, buzzer.exited]);
    }
  });
});
