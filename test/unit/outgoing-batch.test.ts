import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeEvent } from '../../src/report/event-types.js';
import { OutgoingBatch } from '../../src/view/outgoing-batch.js';

const tick = (n: number): NodeEvent => ({ node: 'clock', time: '', event: 'tick', tick: n, target: 'iopin' });
const ack = (n: number): NodeEvent => ({ node: 'clock', time: '', event: 'ack', tick: n, reply: 'acknowledged' });
const pin = (pin: number, value: 0 | 1): NodeEvent => ({ node: 'iopin', time: '', event: 'pin', pin, value, at: 0, source: 'host' });
const offline: NodeEvent = { node: 'board', time: '', event: 'offline', reason: 'the cable is out' };
const online: NodeEvent = { node: 'board', time: '', event: 'online', kind: 'sim', firmware: 'StandardFirmata.ino', version: '2.4', port: 'sim' };

function fill(batch: OutgoingBatch, events: NodeEvent[]): void {
  events.forEach((event, i) => batch.add(event, i));
}

describe('a send window of the view’s feed, within its budget of events', () => {
  it('within the budget, every event goes, in order, with its time', () => {
    const batch = new OutgoingBatch(4);
    fill(batch, [tick(0), pin(13, 1), ack(0), pin(13, 0)]);
    assert.deepEqual(batch.take(), { events: [tick(0), pin(13, 1), ack(0), pin(13, 0)], times: [0, 1, 2, 3], skipped: 0 });
    assert.equal(batch.take(), undefined, 'the next window starts empty');
  });

  it('past the budget, the latest event of each kind goes, in the order they happened, and the rest is counted', () => {
    const batch = new OutgoingBatch(4);
    const events = [tick(0), pin(13, 1), ack(0), pin(13, 0), tick(1), pin(12, 1), pin(13, 1), ack(1)];
    fill(batch, events);
    const sent = batch.take()!;
    assert.deepEqual(sent.events, [tick(1), pin(12, 1), pin(13, 1), ack(1)]);
    assert.deepEqual(sent.times, [4, 5, 6, 7]);
    assert.equal(sent.skipped, events.length - sent.events.length);
  });

  it('the board’s last word is the last one sent: offline then online ends online, and the reverse offline', () => {
    for (const [order, last] of [[[offline, online], 'online'], [[online, offline], 'offline']] as const) {
      const batch = new OutgoingBatch(1);
      fill(batch, [...order, ...order, ...order]);
      assert.equal(batch.take()!.events.at(-1)!.event, last);
    }
  });

  it('a window of 300,000 events of three kinds sends three', () => {
    const batch = new OutgoingBatch(8);
    for (let n = 0; n < 100_000; n++) {
      batch.add(tick(n), n);
      batch.add(pin(13, (n % 2) as 0 | 1), n);
      batch.add(ack(n), n);
    }
    const sent = batch.take()!;
    assert.deepEqual(sent.events, [tick(99_999), pin(13, 1), ack(99_999)]);
    assert.equal(sent.skipped, 300_000 - 3);
  });
});
