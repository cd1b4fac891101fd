import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { MockBoard } from '../../src/boards/mock-board.js';
import { circuitDirectory } from '../../src/mesh/directory.js';
import { PIEZO_DUTY } from '../../src/devices/piezo.js';
import { nodeAddressOf, nodeUrl } from '../../src/mesh/circuit.js';
import { silentReporter } from '../../src/report/events.js';
import { startNode } from '../../src/runtime/start-node.js';
import { Buzzer } from '../../src/sketches/buzzer.js';
import { runClock } from '../../src/sketches/clock.js';
import { assertErrorReply } from '../support/error-replies.js';
import { ArticleClient } from '../support/ws-client.js';
import { eventsOf, loopback, startTestMesh, type TestMesh } from '../support/mesh.js';

const bitsOfTicks = (mesh: TestMesh) =>
  eventsOf(mesh.events, 'iopin', 'tick').flatMap((event) => {
    assert.ok('bits' in event, 'the iopin reports each tick it received with its bits');
    return event.bits;
  });
const bitsHeardByBuzzer = (mesh: TestMesh) => eventsOf(mesh.events, 'buzzer', 'signal').map((event) => Number(event.signal));
const pinWrites = (mesh: TestMesh) => (mesh.board as MockBoard).writes.recent().filter((w) => w.kind === 'digital').map((w) => w.value);
/** The piezo's writes as bits: its sounding duty is 1, silence 0 (anything else shows as itself, and fails). */
const piezoWrites = (mesh: TestMesh) => (mesh.board as MockBoard).writes.recent().filter((w) => w.kind === 'pwm').map((w) => (w.value === PIEZO_DUTY ? 1 : w.value === 0 ? 0 : w.value));

describe('the whole circuit over loopback sockets', () => {
  let mesh: TestMesh | undefined;
  afterEach(async () => mesh?.close());

  it('clock → iopin → buzzer: every tick acknowledged, every bit on the pin and at the buzzer', async () => {
    mesh = await startTestMesh({ iopin: { sequence: 3 } });
    const summary = await runClock({ target: 'iopin', url: nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed'), ticks: 5, delay: 0, reporter: silentReporter });
    assert.deepEqual([summary.ticks, summary.acked], [5, 5]);
    assert.deepEqual(summary.recent.map((r) => r.reply), Array(5).fill('acknowledged'));
    const drawn = bitsOfTicks(mesh);
    assert.equal(drawn.length, 15);
    assert.deepEqual(pinWrites(mesh), drawn);
    assert.deepEqual(piezoWrites(mesh), drawn);
    assert.deepEqual(bitsHeardByBuzzer(mesh), drawn);
  });

  it('two clocks ticking one iopin at once: each tick reaches the buzzer whole, none lost', async () => {
    mesh = await startTestMesh({ iopin: { sequence: 4 } });
    const url = nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed');
    const [a, b] = await Promise.all([
      runClock({ name: 'clock-a', target: 'iopin', url, ticks: 10, delay: 0, reporter: silentReporter }),
      runClock({ name: 'clock-b', target: 'iopin', url, ticks: 10, delay: 0, reporter: silentReporter, from: 100 }),
    ]);
    assert.ok([...a!.recent, ...b!.recent].every((result) => result.reply === 'acknowledged'));
    assert.deepEqual([a!.acked, b!.acked], [10, 10]);
    const ticks = eventsOf(mesh.events, 'iopin', 'tick');
    assert.equal(ticks.length, 20);
    // Ticks from both clocks arrived interleaved, yet the buzzer heard each tick's bits as one block.
    assert.deepEqual(bitsHeardByBuzzer(mesh), bitsOfTicks(mesh));
    assert.deepEqual(pinWrites(mesh), bitsOfTicks(mesh));
  });

  it('reuses one connection to the buzzer across ticks', async () => {
    mesh = await startTestMesh();
    await runClock({ target: 'iopin', url: nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed'), ticks: 4, delay: 0, reporter: silentReporter });
    assert.equal(eventsOf(mesh.events, 'buzzer', 'connected').length, 1);
  });

  it('a buzzer that drops and comes back on its port is reconnected on the next tick', async () => {
    mesh = await startTestMesh();
    const clock = await ArticleClient.connect(nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed'));
    assert.equal(await clock.request('0'), 'acknowledged');

    const port = mesh.buzzer.port;
    await mesh.buzzer.close();
    const revived = await startNode({ sketch: Buzzer, name: 'buzzer', board: mesh.board, directory: circuitDirectory(mesh.circuit), host: loopback, port, reporter: mesh.reporter });
    mesh.buzzer = revived;

    assert.equal(await clock.request('1'), 'acknowledged');
    assert.equal(eventsOf(mesh.events, 'buzzer', 'connected').length, 2);
    await clock.close();
  });

  it('a buzzer that moves to another port is followed: the iopin asks the directory again when it reconnects', async () => {
    mesh = await startTestMesh();
    const clock = await ArticleClient.connect(nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed'));
    assert.equal(await clock.request('0'), 'acknowledged');

    const oldPort = mesh.buzzer.port;
    await mesh.buzzer.close();
    mesh.buzzer = await startNode({ sketch: Buzzer, name: 'buzzer', board: mesh.board, directory: circuitDirectory(mesh.circuit), host: loopback, port: 0, reporter: mesh.reporter });
    assert.notEqual(mesh.buzzer.port, oldPort);
    mesh.circuit.nodes.buzzer = { host: loopback, port: mesh.buzzer.port }; // what a directory learns when a node moves

    assert.equal(await clock.request('1'), 'acknowledged');
    assert.equal(eventsOf(mesh.events, 'buzzer', 'connected').length, 2);
    await clock.close();
  });

  it('a buzzer that stays away fails the tick with advice, and the iopin keeps serving', async () => {
    mesh = await startTestMesh({ connectFor: 300 });
    const clock = await ArticleClient.connect(nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed'));
    await mesh.buzzer.close();
    // At once, not after the link's retries: it is tried again meanwhile, and its replies then say where and why.
    assertErrorReply(await clock.request('0'), /^buzzer not reachable \(it stopped answering; still trying\): start it \(pinmesh buzzer\)$/);
    let reply = await clock.request('1');
    for (let tick = 2; !/after trying/.test(reply) && tick < 200; tick++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      reply = await clock.request(String(tick));
    }
    assertErrorReply(reply, /^buzzer not reachable \(at ws:\/\/127\.0\.0\.1:\d+\/iopin \(.+\) after trying for \d+ s; still trying\): start it/);
    await clock.close();
  });
});
