import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import type { PinmeshEvent, Reporter } from '../../src/report/events.js';
import { runClock } from '../../src/sketches/clock.js';

/** An iopin stand-in on 127.0.0.1 that never answers the ticks `silentOn` names and acks the rest. */
async function targetSilentOn(silentOn: ReadonlySet<string>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => socket.on('message', (data) => silentOn.has(String(data)) || socket.send('acknowledged')));
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/datafeed`, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

function recordingReporter(): { reporter: Reporter; events: PinmeshEvent[] } {
  const events: PinmeshEvent[] = [];
  return { reporter: { report: (_node: string, event: PinmeshEvent) => void events.push(event) } as Reporter, events };
}

describe('a clock whose tick gets no reply', () => {
  it('counts that tick as failed, says so, and goes on ticking (a stall does not end a run that lasts a month)', async () => {
    const target = await targetSilentOn(new Set(['1']));
    const { reporter, events } = recordingReporter();
    try {
      const summary = await runClock({ target: 'iopin', url: target.url, ticks: 4, delay: 0, reporter, link: { replyTimeout: 300 } });
      assert.deepEqual({ ticks: summary.ticks, acked: summary.acked }, { ticks: 4, acked: 3 });
      assert.deepEqual(summary.recent.map((t) => t.ok), [true, false, true, true]);
      const failed = events.find((e) => e.event === 'error' && 'tick' in e && e.tick === 1);
      assert.match(String(failed && 'error' in failed ? failed.error : ''), /iopin did not reply to "1" within 300 ms/);
      assert.deepEqual(events.filter((e) => e.event === 'ack').map((e) => ('tick' in e ? e.tick : -1)), [0, 2, 3]);
    } finally {
      await target.close();
    }
  });

  it('still ends when the target cannot be reached again', async () => {
    const target = await targetSilentOn(new Set());
    const url = target.url;
    await target.close();
    const { reporter } = recordingReporter();
    await assert.rejects(runClock({ target: 'iopin', url, ticks: 2, delay: 0, reporter, link: { connectFor: 300 } }), /iopin is not reachable/);
  });
});
