import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { EventReporter } from '../../src/report/events.js';
import { errorReply } from '../../src/runtime/error-reply.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { memorySink } from '../../src/report/sinks.js';
import { IOPin, type IOPinOptions } from '../../src/sketches/iopin.js';
import { FakePeers } from '../support/fake-peers.js';

async function ioPin(options: IOPinOptions = {}, reply?: (message: string) => string, prepare: (peers: FakePeers) => void = () => undefined) {
  const board = new MockBoard();
  const peers = new FakePeers(reply);
  prepare(peers);
  const sink = memorySink();
  const reporter = new EventReporter([sink]);
  const sketch = new IOPin({ name: 'iopin', board: new NodeBoard(board, 'iopin', reporter), peers: peers.asPeers(), reporter });
  await sketch.setup({ hold: 0, ...options });
  const pinWrites = () => board.writes.recent().filter((write) => write.kind === 'digital').map((write) => ({ pin: write.pin, value: write.value }));
  return { board, peers, sketch, events: sink.events, pinWrites };
}

describe('IOPin sketch', () => {
  it('asks whether its buzzer answers before it serves, and streams to it at once when it does', async () => {
    const { peers, sketch } = await ioPin();
    assert.deepEqual(peers.asked, ['buzzer']);
    assert.deepEqual(peers.waitedFor, []);
    assert.equal(await sketch.loop('/', '0'), 'acknowledged');
  });

  it('serves without its buzzer: each tick fails, saying so, until the buzzer is reached; then it streams', async () => {
    let reach!: () => void;
    const { peers, sketch, events } = await ioPin({ sequence: 2 }, undefined, (fake) => {
      fake.up = false;
      fake.reachable = new Promise((resolve) => (reach = resolve));
    });
    await assert.rejects(sketch.loop('/', '0'), /^Error: buzzer not reachable \(still trying\): start it \(pinmesh buzzer\)$/);
    assert.equal(peers.streamed.length, 0);
    reach();
    await peers.reachable;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(events.some((event) => event.event === 'reached'), 'says once that the buzzer answers');
    assert.equal(await sketch.loop('/', '1'), 'acknowledged');
    await sketch.teardown();
  });

  it('a buzzer lost after it was reached: the next tick fails at once, saying so, and it is tried until it answers again', async () => {
    const { peers, sketch, events } = await ioPin({ sequence: 2 });
    assert.equal(await sketch.loop('/', '0'), 'acknowledged');
    let reach!: () => void;
    peers.up = false; // the buzzer stopped: its link is down, and a try is refused
    peers.reachable = new Promise((resolve) => (reach = resolve));
    await assert.rejects(sketch.loop('/', '1'), /^Error: buzzer not reachable \(it stopped answering; still trying\): start it \(pinmesh buzzer\)$/);
    await assert.rejects(sketch.loop('/', '2'), /not reachable/, 'every tick meanwhile, at once');
    assert.deepEqual(peers.waitedFor, ['buzzer'], 'tried again, by one background wait');
    assert.equal(peers.streamed.length, 2, 'only the first tick streamed');
    reach();
    await peers.reachable;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(events.filter((event) => event.event === 'reached').length, 1);
    assert.equal(await sketch.loop('/', '3'), 'acknowledged');
    await sketch.teardown();
  });

  it('acknowledges a tick after writing each bit to pin 13 and streaming it to the buzzer', async () => {
    const { sketch, peers, pinWrites, events } = await ioPin({ sequence: 5 });
    assert.equal(await sketch.loop('/datafeed', '0'), 'acknowledged');
    const tick = events.find((event) => event.event === 'tick');
    assert.ok(tick && 'bits' in tick, 'the tick is reported with the bits drawn for it');
    const bits = tick.bits;
    assert.equal(bits.length, 5);
    assert.deepEqual(pinWrites(), bits.map((value) => ({ pin: 13, value })));
    assert.deepEqual(peers.streamed, bits.map((bit) => ({ peer: 'buzzer', channel: 'iopin', message: String(bit) })));
  });

  it('draws a 0 with probability `chance`, as in the article', async () => {
    const allZeros = await ioPin({ chance: 1, sequence: 8 });
    await allZeros.sketch.loop('/', 'tick');
    assert.deepEqual(allZeros.peers.streamed.map((s) => s.message), Array(8).fill('0'));
    const allOnes = await ioPin({ chance: 0, sequence: 8 });
    await allOnes.sketch.loop('/', 'tick');
    assert.deepEqual(allOnes.peers.streamed.map((s) => s.message), Array(8).fill('1'));
  });

  it('drives the pin it is given', async () => {
    const { sketch, pinWrites } = await ioPin({ pin: 7, sequence: 2 });
    await sketch.loop('/', '1');
    assert.ok(pinWrites().every((write) => write.pin === 7));
  });

  it('never acknowledges a tick whose pin writes did not reach the board', async () => {
    const { sketch, board, peers } = await ioPin({ sequence: 3 });
    board.failWrites('USB cable unplugged');
    await assert.rejects(sketch.loop('/', '0'), /USB cable unplugged/);
    assert.equal(peers.streamed.length, 0, 'a bit that never reached the pin is not sent to the buzzer');
  });

  it('reports a buzzer that refused a bit as a failed tick', async () => {
    const { sketch } = await ioPin({ sequence: 2 }, () => errorReply('board offline'));
    await assert.rejects(sketch.loop('/', '0'), /buzzer refused a bit: board offline/);
  });

  it('plays concurrent ticks one after the other, whole', async () => {
    const { sketch, peers, events } = await ioPin({ sequence: 4 });
    const replies = await Promise.all([sketch.loop('/a', '0'), sketch.loop('/b', '0'), sketch.loop('/c', '0')]);
    assert.deepEqual(replies, ['acknowledged', 'acknowledged', 'acknowledged']);
    const drawn = events.filter((event) => event.event === 'tick').flatMap((event) => {
      assert.ok('bits' in event, 'each tick is reported with the bits drawn for it');
      return event.bits;
    });
    assert.deepEqual(peers.streamed.map((s) => s.message), drawn.map(String));
  });

  it('rejects options that make no sense', async () => {
    await assert.rejects(ioPin({ chance: 2 }), /chance/);
    await assert.rejects(ioPin({ sequence: 0 }), /sequence/);
  });
});
