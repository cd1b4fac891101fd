import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PendingReplies } from '../../src/net/pending-replies.js';

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
});
