import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { EventReporter } from '../../src/report/events.js';
import { ViewServer } from '../../src/view/view-server.js';

const layout = { nodes: [{ name: 'iopin', sketch: 'iopin', role: 'server' as const, peers: [], pins: [{ pin: 13, mode: 'digital-out' as const, option: 'pin' }], local: true }] };

/** A page that asks for the feed and never reads a byte of it. */
async function neverReadingPage(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  socket.write(`GET /feed HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  socket.pause();
  return socket;
}

function feedStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/feed' }, (res) => {
      resolve(res.statusCode!);
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

describe('pages that never read cannot hold every feed slot forever', () => {
  let view: ViewServer;
  before(async () => {
    // maxStallMs 0: a page is cut as soon as it is found behind (the default waits 30 s).
    view = await ViewServer.start({ port: 0, layout, reporter: new EventReporter([]), feedLimits: { maxClients: 2, maxUnread: 1 << 16, maxStallMs: 0 } });
  });
  after(() => view.close());

  it('two never-reading pages fill the feed; once they fall behind they are cut and a third page gets a slot', async () => {
    const stuck = [await neverReadingPage(view.port), await neverReadingPage(view.port)];
    while (view.feed.stats().clients < 2) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await feedStatus(view.port), 503, 'full while they keep up');
    const text = 'x'.repeat(4096);
    for (let round = 0; round < 400 && view.feed.stats().clients > 0; round++) {
      for (let i = 0; i < 64; i++) view.feed.write({ node: 'iopin', time: '', event: 'log', text });
      view.feed.flushNow();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(view.feed.stats().clients, 0, 'both stuck pages were cut');
    assert.equal(await feedStatus(view.port), 200);
    for (const socket of stuck) socket.destroy();
  });
});
