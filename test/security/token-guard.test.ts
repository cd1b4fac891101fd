import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { MockBoard } from '../../src/boards/mock-board.js';
import { EventReporter, silentReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import type { RunningNode } from '../../src/net/ws-server.js';
import { serveSketch } from '../../src/runtime/node-server.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { FailureThrottle } from '../../src/security/failure-throttle.js';
import { Token } from '../../src/security/token.js';
import type { ViewLayout } from '../../src/view/shared/view-state.js';
import { ViewServer } from '../../src/view/view-server.js';
import { loopback } from '../support/mesh.js';
import { request, tryUpgrade, type UpgradeOutcome } from '../support/raw-clients.js';
import { httpRequestTo } from '../support/http-request.js';

const secret = 'token-guard-test-token-0123456789abcdef';

class Echo extends Sketch {
  override loop(channel: string, message: string) {
    return `${channel} ${message}`;
  }
}

function echoNode(security: Parameters<typeof serveSketch>[1]['security']) {
  const sink = memorySink();
  const sketch = new Echo({ name: 'echo', board: new NodeBoard(new MockBoard(), 'echo', silentReporter), peers: undefined as never, reporter: silentReporter });
  return { events: sink.events, start: () => serveSketch(sketch, { host: loopback, port: 0, reporter: new EventReporter([sink]), security }) };
}

/** A GET with exactly these headers, as a guessing program sends it. */
const get = (port: number, path: string, headers: Record<string, string> = {}) => httpRequestTo(port, path, { headers });

describe('the failure throttle (asked only after a token was found wrong)', () => {
  it('answers the first failures of an address at once, then doubles the hold up to a cap', () => {
    let now = 0;
    const throttle = new FailureThrottle({ freeFailures: 2, baseDelay: 100, maxDelay: 400, now: () => now });
    const delays = Array.from({ length: 6 }, () => {
      const verdict = throttle.failed('10.0.0.9');
      assert.equal(verdict.kind, 'hold');
      if (verdict.kind === 'hold') verdict.release();
      now += 1;
      return verdict.kind === 'hold' ? verdict.delay : -1;
    });
    assert.deepEqual(delays, [0, 0, 100, 200, 400, 400]);
  });

  it('refuses a failure at once past the answers one address may have held, and reports the first refusal only', () => {
    const throttle = new FailureThrottle({ maxPending: 2 });
    const held = [throttle.failed('a'), throttle.failed('a')];
    const [first, second] = [throttle.failed('a'), throttle.failed('a')];
    assert.deepEqual([first.kind, second.kind], ['refuse', 'refuse']);
    assert.equal(first.kind === 'refuse' && first.first, true);
    assert.equal(second.kind === 'refuse' && second.first, false);
    assert.equal(throttle.failed('b').kind, 'hold', 'other addresses are not affected');
    for (const verdict of held) if (verdict.kind === 'hold') verdict.release();
    assert.equal(throttle.failed('a').kind, 'hold');
  });

  it('has a budget across all addresses: spraying from many addresses, 3 each, gets every answer held the longest', () => {
    const throttle = new FailureThrottle({ freeFailures: 3, globalFreeFailures: 30, maxDelay: 8000, maxPendingTotal: 1000 });
    const delays: number[] = [];
    for (let host = 0; host < 40; host++) {
      for (let i = 0; i < 3; i++) {
        const verdict = throttle.failed(`127.0.${host >> 8}.${host & 255}`);
        assert.equal(verdict.kind, 'hold');
        if (verdict.kind === 'hold') delays.push(verdict.delay);
      }
    }
    assert.deepEqual(delays.slice(0, 30), Array(30).fill(0), 'the first 30 in the window are free');
    assert.deepEqual(delays.slice(30), Array(90).fill(8000));
  });

  it('holds at most maxPendingTotal answers in all; past that a failure is refused, reported once a window', () => {
    const throttle = new FailureThrottle({ maxPendingTotal: 5 });
    const verdicts = Array.from({ length: 8 }, (_, i) => throttle.failed(`10.1.0.${i}`));
    assert.deepEqual(verdicts.map((verdict) => verdict.kind), ['hold', 'hold', 'hold', 'hold', 'hold', 'refuse', 'refuse', 'refuse']);
    assert.deepEqual(verdicts.slice(5).map((verdict) => verdict.kind === 'refuse' && verdict.first), [true, false, false]);
    assert.equal(throttle.pending, 5);
  });

  it('forgets a quiet address and a right token, and remembers a bounded number of addresses', () => {
    let now = 0;
    const throttle = new FailureThrottle({ forgetAfter: 1000, maxAddresses: 100, globalFreeFailures: 1e9, now: () => now });
    const release = (verdict: ReturnType<FailureThrottle['failed']>) => (verdict.kind === 'hold' ? verdict.release() : undefined);
    for (let i = 0; i < 1000; i++) release(throttle.failed(`10.0.${i >> 8}.${i & 255}`));
    assert.ok(throttle.size <= 100, `remembers ${throttle.size}`);
    for (let i = 0; i < 5; i++) release(throttle.failed('x'));
    throttle.succeeded('x');
    const fresh = throttle.failed('x');
    assert.equal(fresh.kind === 'hold' && fresh.delay, 0);
    release(fresh);
  });
});

describe('a right token is never slowed by wrong guesses pending from its own address', () => {
  const probe = echoNode({ token: new Token(secret), throttle: { freeFailures: 0, baseDelay: 60_000, maxDelay: 60_000, maxPending: 4 } });
  let node: RunningNode;
  before(async () => {
    node = await probe.start();
  });
  after(() => node.close());

  it('with 4 wrong-token upgrades held from 127.0.0.1, the right token gets in every time', async () => {
    const guesses: Array<Promise<UpgradeOutcome>> = [];
    for (let i = 0; i < 4; i++) guesses.push(tryUpgrade(`${node.url}/x`, { headers: { Authorization: `Bearer wrong-guess-${i}` } }).catch(() => ({ status: 0, body: '', headers: {} })));
    while (probe.events.filter((e) => e.event === 'auth' && e.status === 401).length < 4) await new Promise((resolve) => setTimeout(resolve, 5));

    const statuses: Array<number | 'open'> = [];
    for (let i = 0; i < 6; i++) {
      const outcome = await tryUpgrade(`${node.url}/x`, { headers: { Authorization: `Bearer ${secret}` } });
      if ('open' in outcome) {
        assert.equal(await request(outcome.open, 'hi'), '/x hi');
        outcome.open.close();
        statuses.push('open');
      } else statuses.push(outcome.status);
    }
    assert.deepEqual(statuses, Array(6).fill('open'));

    const fifth = await tryUpgrade(`${node.url}/x`, { headers: { Authorization: 'Bearer wrong-guess-5' } });
    assert.ok('status' in fifth && fifth.status === 429, 'a fifth wrong guess, checked, is refused at once');
    assert.equal(probe.events.filter((e) => e.event === 'auth' && e.status === 429).length, 1);
    assert.ok(!JSON.stringify(probe.events).includes(secret));
  });
});

describe('a client with no token guesses nothing: it is answered at once, and keeps no guesser waiting', () => {
  const probe = echoNode({ token: new Token(secret), throttle: { freeFailures: 1, baseDelay: 10, maxDelay: 40 } });
  let node: RunningNode;
  before(async () => {
    node = await probe.start();
  });
  after(() => node.close());

  it('upgrades without a token, again and again from one address, are each a 401 at once, counted against nothing; wrong tokens are still held longer and longer', async () => {
    for (let i = 0; i < 6; i++) {
      const outcome = await tryUpgrade(`${node.url}/x`);
      assert.ok('status' in outcome && outcome.status === 401);
    }
    for (let i = 0; i < 4; i++) await tryUpgrade(`${node.url}/x`, { headers: { Authorization: `Bearer wrong-guess-${i}` } });
    const auth = probe.events.filter((e) => e.event === 'auth');
    assert.deepEqual(
      auth.map((e) => [e.reason, e.failures, e.delay]),
      [
        ...Array(6).fill(['missing token', undefined, undefined]),
        ['wrong token', 1, 0],
        ['wrong token', 2, 10],
        ['wrong token', 3, 20],
        ['wrong token', 4, 40],
      ],
    );
  });
});

describe('guessing from many loopback addresses (127.0.x.y) meets the global budget', () => {
  const probe = echoNode({ token: new Token(secret), throttle: { freeFailures: 3, baseDelay: 1, maxDelay: 20, globalFreeFailures: 12 } });
  let node: RunningNode;
  before(async () => {
    node = await probe.start();
  });
  after(() => node.close());

  it('3 wrong tokens from each of 8 addresses: past the 12th failure every answer is held the longest', async () => {
    for (let host = 1; host <= 8; host++) {
      for (let i = 0; i < 3; i++) {
        const outcome = await tryUpgrade(`${node.url}/x`, { headers: { Authorization: 'Bearer wrong' }, localAddress: `127.0.3.${host}` } as WebSocket.ClientOptions);
        assert.ok('status' in outcome && outcome.status === 401);
      }
    }
    const auth = probe.events.filter((e) => e.event === 'auth');
    assert.equal(new Set(auth.map((e) => e.remote)).size, 8);
    assert.deepEqual(auth.map((e) => e.delay), [...Array(12).fill(0), ...Array(12).fill(20)]);
  });
});



const layout: ViewLayout = { nodes: [] };

describe('the live view checks a bearer token through the same guard on /session, /feed and /control', () => {
  const token = new Token(secret);
  const sink = memorySink();
  let view: ViewServer;
  before(async () => {
    view = await ViewServer.start({ port: 0, layout, token, reporter: new EventReporter([sink]) });
  });
  after(() => view.close());

  it('a wrong bearer token on GET /session is a 401 and an auth event, not a quiet "signedIn": false', async () => {
    const reply = await get(view.port, '/session', { Authorization: 'Bearer guess-0000000000000000' });
    assert.equal(reply.status, 401);
    const auth = sink.events.filter((e) => e.event === 'auth');
    assert.deepEqual(auth.map((e) => [e.status, e.reason, e.failures]), [[401, 'wrong token', 1]]);
    const none = await get(view.port, '/session');
    assert.equal(none.status, 200, 'a page that presents nothing is told it is not signed in');
    assert.equal(JSON.parse(none.body).signedIn, false);
    const right = await get(view.port, '/session', { Authorization: token.bearer() });
    assert.equal(JSON.parse(right.body).signedIn, true);
  });

  it('wrong bearer tokens on /feed and /control count as failures of one address and are held longer and longer', async () => {
    const before = sink.events.length;
    for (const path of ['/feed', '/feed', '/control', '/feed', '/control']) {
      assert.equal((await get(view.port, path, { Authorization: 'Bearer guess-1111111111111111' })).status, 401);
    }
    const auth = sink.events.slice(before).filter((e) => e.event === 'auth');
    assert.equal(auth.length, 5);
    assert.ok((auth.at(-1)!.delay as number) > 0, `delays ${auth.map((e) => e.delay)}`);
    assert.equal((await get(view.port, '/feed', { Authorization: token.bearer() })).status, 200, 'the right token is not slowed');
    assert.ok(!JSON.stringify(sink.events).includes(secret));
  });
});
