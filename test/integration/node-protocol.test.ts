import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { circuitDirectory } from '../../src/mesh/directory.js';
import { PIEZO_DUTY } from '../../src/devices/piezo.js';
import { silentReporter } from '../../src/report/events.js';
import { startNode, type StartedNode } from '../../src/runtime/start-node.js';
import { errorReply } from '../../src/runtime/error-reply.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { assertErrorReply } from '../support/error-replies.js';
import { ArticleClient } from '../support/ws-client.js';
import { loopback, startTestMesh, type TestMesh } from '../support/mesh.js';

/** A sketch for the protocol itself: its replies say what happened. */
class ProbeSketch extends Sketch {
  private release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  override async loop(channel: string, message: string) {
    if (message === 'hold') return this.gate.then(() => 'released');
    if (message === 'release') return this.release();
    if (message === 'nothing') return undefined;
    if (message === 'object') return { on: true } as unknown as string; // as a JavaScript sketch may
    if (message === 'throw') throw new Error('the sketch broke');
    if (message.startsWith('slow:')) {
      // Later frames must still wait for this one: replies come back in order.
      await sleep(Number(message.slice(5)));
      return message;
    }
    return `${channel} ${message}`;
  }
}

async function serveProbe(): Promise<StartedNode> {
  return startNode({ sketch: ProbeSketch, name: 'probe', board: new MockBoard(), directory: circuitDirectory({ nodes: { probe: { host: loopback, port: 1 } } }), host: loopback, port: 0, reporter: silentReporter });
}

describe("a node speaks the article's protocol to a plain ws client", () => {
  let mesh: TestMesh;
  let probe: StartedNode;
  before(async () => {
    mesh = await startTestMesh();
    probe = await serveProbe();
  });
  after(async () => {
    await mesh.close();
    await probe.close();
  });

  it('iopin acknowledges a tick on any path', async () => {
    for (const path of ['/datafeed', '/', '/anything/at/all']) {
      const client = await ArticleClient.connect(`${mesh.iopin.url}${path}`);
      assert.equal(await client.request('7'), 'acknowledged');
      await client.close();
    }
  });

  it('buzzer replies the sound to 1 and ... to 0', async () => {
    const client = await ArticleClient.connect(`${mesh.buzzer.url}/iopin`);
    assert.equal(await client.request('1'), 'buzz buzz buzz');
    assert.equal(await client.request('0'), '...');
    await client.close();
  });

  it('hands loop() the URL path as the channel', async () => {
    const client = await ArticleClient.connect(`${probe.url}/datafeed?x=1`);
    assert.equal(await client.request('hi'), '/datafeed hi');
    await client.close();
  });

  it('replies n/a when loop() returns nothing', async () => {
    const client = await ArticleClient.connect(`${probe.url}/`);
    assert.equal(await client.request('nothing'), 'n/a');
    await client.close();
  });

  it('replies an error naming the mistake when loop() returns an object, not "[object Object]"', async () => {
    const client = await ArticleClient.connect(`${probe.url}/`);
    assert.equal(await client.request('object'), errorReply('loop() returned an object, not a reply: return a string (JSON.stringify(…) for an object), a number or a boolean'));
    await client.close();
  });

  it('replies error: <reason> when loop() throws, and keeps the connection', async () => {
    const client = await ArticleClient.connect(`${probe.url}/`);
    assert.equal(await client.request('throw'), errorReply('the sketch broke'));
    assert.equal(await client.request('still there?'), '/ still there?');
    await client.close();
  });

  it('answers a frame the buzzer cannot read with an error, and nothing changes', async () => {
    const client = await ArticleClient.connect(`${mesh.buzzer.url}/`);
    assert.equal(await client.request('1'), 'buzz buzz buzz');
    assertErrorReply(await client.request('maybe'), /^expected 0 or 1/);
    assertErrorReply(await client.request(Buffer.from([1])), /^binary frames are not understood/);
    assert.equal((mesh.board as MockBoard).duty(3), PIEZO_DUTY);
    await client.close();
  });

  it('handles the frames of one connection in order, one reply each', async () => {
    const client = await ArticleClient.connect(`${probe.url}/`);
    const messages = ['slow:30', 'a', 'slow:10', 'b', 'slow:0', 'c'];
    for (const message of messages) client.socket.send(message);
    const replies = [];
    for (let i = 0; i < messages.length; i++) replies.push(await client.nextReply());
    assert.deepEqual(replies, ['slow:30', '/ a', 'slow:10', '/ b', 'slow:0', '/ c']);
    await client.close();
  });

  it('a burst of pipelined frames: every one answered once, in order, those answered at once and those that wait alike', async () => {
    const client = await ArticleClient.connect(`${probe.url}/burst`);
    const messages = Array.from({ length: 256 }, (_, n) => (n % 16 === 5 ? `slow:${n % 3}` : `m${n}`));
    for (const message of messages) client.socket.send(message);
    const replies = [];
    for (let i = 0; i < messages.length; i++) replies.push(await client.nextReply());
    assert.deepEqual(replies, messages.map((message) => (message.startsWith('slow:') ? message : `/burst ${message}`)));
    assert.equal(await client.request('after'), '/burst after');
    await client.close();
  });

  it('serves many concurrent clients independently (30: within the 32 one address may hold)', async () => {
    const clients = await Promise.all(Array.from({ length: 30 }, (_, i) => ArticleClient.connect(`${probe.url}/client-${i}`)));
    const results = await Promise.all(
      clients.map(async (client, i) => {
        const replies = [];
        for (let n = 0; n < 10; n++) replies.push(await client.request(String(n)));
        return replies.every((reply, n) => reply === `/client-${i} ${n}`);
      }),
    );
    assert.ok(results.every(Boolean));
    await Promise.all(clients.map((client) => client.close()));
  });

  it('a connection waiting in loop() does not hold up another', async () => {
    const waiting = await ArticleClient.connect(`${probe.url}/waiting`);
    const other = await ArticleClient.connect(`${probe.url}/other`);
    const held = waiting.request('hold');
    // If connections shared one queue, this reply could never come and the test would time out.
    assert.equal(await other.request('release'), 'n/a');
    assert.equal(await held, 'released');
    await Promise.all([waiting.close(), other.close()]);
  });
});
