import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PendingReplies } from '../../src/net/pending-replies.js';
import { compiled, nodeLoader } from '../support/compiled.js';
import { handClock } from '../support/hand-clock.js';

const never = () => new Error('no reply in time');
const long = 60_000;

describe('pending replies: every request gets its reply, or an error', () => {
  it('a reply settles the request sent under its key', async () => {
    const pending = new PendingReplies<number, string>();
    const reply = pending.add(7);
    pending.sent(7, long, never);
    assert.equal(pending.settle(7, 'ack'), true);
    assert.equal(await reply, 'ack');
    assert.equal(pending.size, 0);
  });

  it('a reply that says it failed rejects the request with that error', async () => {
    const pending = new PendingReplies<number, string>();
    const reply = pending.add(1);
    pending.sent(1, long, never);
    assert.equal(pending.settleWithError(1, new RangeError('pin 99 does not exist')), true);
    await assert.rejects(reply, RangeError);
  });

  it('a reply to a request not sent yet, or unknown, settles nothing', async () => {
    const pending = new PendingReplies<number, string>();
    const reply = pending.add(1);
    assert.equal(pending.settle(1, 'too early'), false);
    assert.equal(pending.settle(2, 'nobody asked'), false);
    pending.sent(1, long, never);
    pending.settle(1, 'ack');
    assert.equal(await reply, 'ack');
  });

  it('replies that come in order answer the oldest request sent', async () => {
    const pending = new PendingReplies<number, string>();
    const first = pending.add(0);
    const second = pending.add(1);
    pending.sent(0, long, never);
    pending.sent(1, long, never);
    pending.settle(pending.oldest()!, 'one');
    pending.settle(pending.oldest()!, 'two');
    assert.deepEqual(await Promise.all([first, second]), ['one', 'two']);
    assert.equal(pending.oldest(), undefined);
  });

  it('counts the requests in flight: sent and not answered', async () => {
    const pending = new PendingReplies<number, string>();
    const replies = [pending.add(1), pending.add(2), pending.add(3)];
    assert.equal(pending.inFlight, 0);
    pending.sent(1, long, never);
    pending.sent(2, long, never);
    assert.equal(pending.inFlight, 2);
    pending.settle(1, 'ack');
    pending.fail(2, new Error('send failed'));
    assert.equal(pending.inFlight, 0);
    pending.fail(3, new Error('closed'));
    assert.equal((await Promise.allSettled(replies)).map((r) => r.status).join(), 'fulfilled,rejected,rejected');
  });

  it('when the link closes, every waiting request fails with the reason, sent or not', async () => {
    const pending = new PendingReplies<number, string>();
    const sent = pending.add(1);
    const queued = pending.add(2);
    pending.sent(1, long, never);
    pending.failAll(new Error('connection dropped before it replied'));
    await assert.rejects(sent, /dropped before it replied/);
    await assert.rejects(queued, /dropped before it replied/);
    assert.equal(pending.size, 0);
    assert.equal(pending.inFlight, 0);
  });

  it('a request sent and never answered fails with the timeout\'s error', async () => {
    const pending = new PendingReplies<number, string>();
    const reply = pending.add(1);
    pending.sent(1, 1, () => new Error('buzzer did not reply within 1 ms'));
    await assert.rejects(reply, /did not reply within 1 ms/);
    assert.equal(pending.inFlight, 0);
  });

  it('requests with different timeouts each fail at their own: the shorter first, the longer still waits', async () => {
    // The deadlines are read on a clock moved by hand: a busy machine that fires the first timer
    // 200 ms late would otherwise find both overdue at once, as they then are.
    const clock = handClock();
    try {
      const pending = new PendingReplies<number, string>();
      const patient = pending.add(1);
      const hasty = pending.add(2);
      pending.sent(1, 200, () => new Error('1 timed out'));
      pending.sent(2, 5, () => new Error('2 timed out'));
      clock.advance(5);
      await assert.rejects(hasty, /2 timed out/);
      assert.equal(pending.inFlight, 1, 'the longer one still waits');
      clock.advance(195);
      await assert.rejects(patient, /1 timed out/);
      assert.equal(pending.inFlight, 0);
    } finally {
      clock.restore();
    }
  });

  it('a request sent after others were answered in time still times out at its own deadline', async () => {
    const pending = new PendingReplies<number, string>();
    for (let key = 0; key < 3; key++) {
      const reply = pending.add(key);
      pending.sent(key, 10, never);
      pending.settle(key, 'ack');
      assert.equal(await reply, 'ack');
    }
    const unanswered = pending.add(3);
    const sentAt = performance.now();
    pending.sent(3, 30, () => new Error('3 timed out'));
    await assert.rejects(unanswered, /3 timed out/);
    assert.ok(performance.now() - sentAt >= 29, 'not before its own 30 ms');
  });

  it('a reply answered in time leaves nothing that keeps the process alive; one still awaited does', () => {
    const run = (settle: boolean, timeoutMs: number) => {
      const script = `
        import { PendingReplies } from ${JSON.stringify(pathToFileURL(compiled('src/net/pending-replies.ts')).href)};
        const pending = new PendingReplies();
        const reply = pending.add(1);
        pending.sent(1, ${timeoutMs}, () => new Error('timed out'));
        ${settle ? "pending.settle(1, 'ack');" : ''}
        reply.then((value) => console.log(value), (error) => console.log(error.message));
      `;
      // Held open by a 60 s reply clock, the first would be killed here after 30 s.
      return spawnSync(process.execPath, [...nodeLoader, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    };
    const answered = run(true, 60_000);
    assert.deepEqual([answered.stdout.trim(), answered.status, answered.signal], ['ack', 0, null], answered.stderr);
    const awaited = run(false, 300);
    assert.deepEqual([awaited.stdout.trim(), awaited.status, awaited.signal], ['timed out', 0, null], 'the awaited reply kept the process until it timed out');
  });
});
