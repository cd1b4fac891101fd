import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeEvent } from '../../src/report/event-types.js';
import { ViewFeed } from '../../src/view/view-feed.js';
import type { ViewLayout } from '../../src/view/shared/view-state.js';

const layout: ViewLayout = {
  nodes: [{ name: 'iopin', sketch: 'iopin', role: 'server', url: 'ws://127.0.0.1:8765/', peers: [], pins: [{ pin: 13, mode: 'digital-out', option: 'pin' }], local: true }],
};
const pin = (value: 0 | 1): NodeEvent => ({ node: 'iopin', time: '', event: 'pin', pin: 13, value, at: 0, source: 'host' });

describe('the view feed: what the circuit hands the view', () => {
  it('an event is in the state (the next page’s snapshot) as soon as it is written', () => {
    const feed = new ViewFeed(layout, { flushMs: 3_600_000 });
    try {
      feed.write(pin(1));
      assert.equal(feed.state.pins[13]?.value, 1);
    } finally {
      feed.close();
    }
  });

  it('events are folded with the time the view saw them, in order', () => {
    const feed = new ViewFeed(layout, { flushMs: 3_600_000 });
    try {
      feed.write(pin(1));
      feed.write(pin(0));
      const [first, second] = feed.state.traces;
      assert.ok(first!.t > 0 && second!.t >= first!.t);
      assert.equal(feed.state.now, second!.t);
    } finally {
      feed.close();
    }
  });
});
