import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { memorySink } from '../../src/report/sinks.js';
import { EventReporter } from '../../src/report/events.js';
import { Token } from '../../src/security/token.js';
import type { NodeEvent } from '../../src/report/event-types.js';
import type { FeedMessage } from '../../src/view/shared/feed-protocol.js';
import { applyBatch } from '../../src/view/shared/view-state.js';
import { ViewServer } from '../../src/view/view-server.js';
import { httpRequestTo, type HttpRequestOptions } from '../support/http-request.js';

const layout = { nodes: [{ name: 'iopin', sketch: 'iopin', role: 'server' as const, peers: [], pins: [{ pin: 13, mode: 'digital-out', option: 'pin' }], local: true }] };

/** One request as a program (or a forged page) sends it; the feed is read to its first whole message. */
const send = (port: number, path: string, options: HttpRequestOptions = {}) => httpRequestTo(port, path, { ...options, untilFeedMessage: true });

/** A page reading the feed: every message it got, and a wait for one that passes `test`. */
function openPage(port: number): Promise<{ messages: FeedMessage[]; until: (test: (message: FeedMessage) => boolean) => Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const messages: FeedMessage[] = [];
    const waiting = new Set<() => void>();
    const req = httpRequest({ host: '127.0.0.1', port, path: '/feed' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const frame = text.slice(0, end);
          text = text.slice(end + 2);
          if (frame.startsWith('data: ')) messages.push(JSON.parse(frame.slice(6)) as FeedMessage);
        }
        for (const wake of waiting) wake();
      });
      const until = async (test: (message: FeedMessage) => boolean) => {
        while (!messages.some(test)) await new Promise<void>((wake) => waiting.add(wake)).finally(() => waiting.clear());
      };
      resolve({ messages, until, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

const firstMessage = (body: string) => JSON.parse(body.slice(body.indexOf('data: ') + 6, body.indexOf('\n\n', body.indexOf('data: ')))) as FeedMessage;

describe('the view server: the feed and controls obey only the page it serves', () => {
  const events = memorySink();
  let view: ViewServer;
  let own: string;
  before(async () => {
    view = await ViewServer.start({ port: 0, layout, reporter: new EventReporter([events]) });
    own = `http://127.0.0.1:${view.port}`;
    view.controls.add('ping', { label: 'ping', run: () => 'pong' });
  });
  after(async () => view.close());

  it('serves the page, its modules and the wokwi bundle from the package, with a strict CSP', async () => {
    const page = await send(view.port, '/', { headers: { Host: `127.0.0.1:${view.port}` } });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
    for (const path of ['/app/client/main.js', '/app/shared/view-state.js', '/vendor/wokwi-elements.js', '/view.css']) {
      assert.equal((await send(view.port, path)).status, 200, path);
    }
    for (const path of ['/../package.json', '/app/../../package.json', '/%2e%2e/package.json', '/app/client/main.ts']) {
      assert.equal((await send(view.port, path)).status, 404, path);
    }
  });

  it('the feed: a snapshot first, for a program (no Origin) and for the own page', async () => {
    const requests: Array<Record<string, string>> = [{}, { Origin: own, 'Sec-Fetch-Site': 'same-origin' }];
    for (const headers of requests) {
      const reply = await send(view.port, '/feed', { headers });
      assert.equal(reply.status, 200);
      const message = firstMessage(reply.body);
      assert.equal(message.type, 'snapshot');
      assert.equal(message.type === 'snapshot' && message.state.layout.nodes[0]!.name, 'iopin');
    }
  });

  it('refuses another origin, a cross-site request, a rebound Host and a control that is not JSON', async () => {
    const cases: Array<[string, { method?: string; headers: Record<string, string>; body?: string }, number]> = [
      ['/feed', { headers: { Origin: 'http://evil.example' } }, 403],
      ['/feed', { headers: { Origin: `http://127.0.0.1:${view.port + 1}` } }, 403],
      ['/feed', { headers: { 'Sec-Fetch-Site': 'same-site' } }, 403],
      ['/feed', { headers: { Host: `evil.example:${view.port}` } }, 403],
      ['/', { headers: { Host: `rebound.example:${view.port}` } }, 403],
      ['/control', { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' }, body: '{"action":"ping"}' }, 403],
      ['/control', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"action":"ping"}' }, 415],
      ['/control', { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } }, 403],
      ['/control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(10_000) }, 413],
    ];
    for (const [path, options, status] of cases) assert.equal((await send(view.port, path, options)).status, status, `${path} ${JSON.stringify(options.headers)}`);
    const refused = events.events.filter((e) => e.event === 'auth' && e.node === 'view');
    assert.ok(refused.length >= 6);
  });

  it('a control from the own page runs and answers; an unknown one is a 404 that lists the known', async () => {
    const ok = await send(view.port, '/control', { method: 'POST', headers: { Origin: own, 'Content-Type': 'application/json' }, body: '{"action":"ping"}' });
    assert.deepEqual([ok.status, JSON.parse(ok.body)], [200, { ok: true, message: 'pong' }]);
    const unknown = await send(view.port, '/control', { method: 'POST', headers: { Origin: own, 'Content-Type': 'application/json' }, body: '{"action":"explode"}' });
    assert.equal(unknown.status, 404);
    assert.match(JSON.parse(unknown.body).message, /this view has ping/);
  });

  it('a page gets what happened in one message a send, every event in order while the circuit is slow enough to follow', async () => {
    const page = await openPage(view.port);
    try {
      await page.until((message) => message.type === 'snapshot');
      const said: NodeEvent[] = [];
      for (let tick = 0; tick < 10; tick++) said.push({ node: 'clock', time: '', event: 'tick', tick, target: 'iopin' }, { node: 'clock', time: '', event: 'ack', tick, reply: 'acknowledged' });
      for (const event of said) view.feed.write(event);
      await page.until((message) => message.type === 'events');
      const batches = page.messages.filter((message) => message.type === 'events');
      assert.equal(batches.length, 1, 'one message for the 20 events (the send is every 25 ms)');
      assert.ok(batches[0]!.type === 'events');
      assert.deepEqual(batches[0]!.events, said);
      assert.equal(batches[0]!.times.length, said.length);
      assert.equal(batches[0]!.thinned, undefined);
    } finally {
      page.close();
    }
  });

  it('a page folding the feed ends where the circuit is, also when the circuit runs faster than the feed sends in full', async () => {
    const page = await openPage(view.port);
    try {
      await page.until((message) => message.type === 'snapshot');
      const said = (node: string, event: Record<string, unknown>) => view.feed.write({ node, time: '', ...event } as NodeEvent);
      // Bursts, each over a send's budget (100 events), together fewer ticks than the latencies kept
      // (500): each thinned batch adds to what the ones before it gave.
      const ticks = 150;
      const bursts = [1, 2, 3];
      const written = bursts.length * (3 * ticks + 1);
      for (const burst of bursts) {
        for (let tick = 0; tick < ticks; tick++) {
          said('clock', { event: 'tick', tick, target: 'iopin' });
          said('iopin', { event: 'pin', pin: 13, value: tick % 2, at: tick, source: 'host' });
          said('clock', { event: 'ack', tick, reply: 'acknowledged' });
        }
        said('iopin', { event: 'log', text: `burst ${burst} done` });
        view.feed.flushNow();
        await page.until((message) => message.type === 'events' && message.events.some((event) => event.event === 'log' && event.text === `burst ${burst} done`));
      }

      const snapshot = page.messages.find((message) => message.type === 'snapshot')!;
      assert.ok(snapshot.type === 'snapshot');
      const state = snapshot.state;
      let sent = 0;
      let skipped = 0;
      for (const message of page.messages) {
        if (message.type !== 'events') continue;
        applyBatch(state, message);
        sent += message.events.length;
        skipped += message.thinned?.skipped ?? 0;
      }
      assert.ok(skipped > 0, 'the batch was over its budget: thinned');
      assert.ok(sent <= bursts.length * 100, `${sent} events sent for ${written}`);
      assert.equal(sent + skipped, written, 'every event is either sent or counted as left out');
      const server = view.feed.state;
      assert.deepEqual(
        { health: state.health, pins: state.pins, board: state.board, pending: state.pending, latencies: state.latencies },
        { health: server.health, pins: server.pins, board: server.board, pending: server.pending, latencies: server.latencies },
      );
      assert.equal(state.health.clock!.answered, server.health.clock!.answered);
      assert.deepEqual(state.traces.at(-1), server.traces.at(-1), 'the strip ends on the circuit’s last change');
    } finally {
      page.close();
    }
  });

  it('a page that stops reading never grows the server’s memory: it misses events, counted, then resyncs with a snapshot', async () => {
    const socket = connect(view.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /feed HTTP/1.1\r\nHost: 127.0.0.1:${view.port}\r\n\r\n`);
    socket.pause();
    const text = 'x'.repeat(4096);
    const batch = 64; // one batch is ~260 KB
    let dropping = 0;
    for (let round = 0; round < 400 && dropping === 0; round++) {
      for (let i = 0; i < batch; i++) view.feed.write({ node: 'iopin', time: '', event: 'log', text });
      view.feed.flushNow();
      await new Promise((resolve) => setImmediate(resolve));
      dropping = view.feed.stats().dropping;
    }
    assert.ok(dropping > 0, 'the stuck page misses events');
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < batch; j++) view.feed.write({ node: 'iopin', time: '', event: 'log', text });
      view.feed.flushNow();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { maxUnread } = view.feed.stats();
    assert.ok(maxUnread <= (1 << 20) + 2 * batch * 4200, `unread bytes held for it: ${maxUnread}`);
    // It reads again: it is told how many it missed, and gets a fresh snapshot.
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.resume();
    while (!/"type":"resync","dropped":\d+\}\n\ndata: \{"type":"snapshot"/.test(received)) await new Promise((resolve) => socket.once('data', resolve));
    const missed = Number(/"type":"resync","dropped":(\d+)/.exec(received)![1]);
    assert.ok(missed >= dropping);
    socket.destroy();
  });
});

describe('the view server with a token', () => {
  const token = new Token('a-mesh-token-for-the-view-tests');
  let view: ViewServer;
  before(async () => {
    view = await ViewServer.start({ port: 0, layout, token, reporter: new EventReporter([]) });
  });
  after(async () => view.close());

  it('the feed needs a session (from the one-time key, once) or the bearer token', async () => {
    assert.equal((await send(view.port, '/feed')).status, 401);
    assert.equal((await send(view.port, '/feed', { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
    assert.equal((await send(view.port, '/feed', { headers: { Authorization: token.bearer() } })).status, 200);

    const key = new URL(view.signInLink()!).hash.replace('#key=', '');
    const signIn = (body: unknown) => send(view.port, '/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const first = await signIn({ key });
    assert.equal(first.status, 200);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    assert.match(String(first.headers['set-cookie']), /HttpOnly; SameSite=Strict; Path=\//);
    assert.equal((await send(view.port, '/feed', { headers: { Cookie: cookie } })).status, 200);
    assert.equal((await signIn({ key })).status, 401, 'the key works once');
    assert.equal((await signIn({ token: 'a-mesh-token-for-the-view-tests' })).status, 200);
    assert.equal((await send(view.port, '/feed', { headers: { Cookie: `${view.access.cookieName}=made-up` } })).status, 401);
  });
});
