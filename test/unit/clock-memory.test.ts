import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { silentReporter } from '../../src/report/events.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { runButtonClock } from '../../src/sketches/button-clock.js';
import { runClock, type ClockLink } from '../../src/sketches/clock.js';
import { RECENT_TICKS, TickTally, combinedSummary } from '../../src/sketches/tick-tally.js';

/** A target that answers every tick at once: every seventh one with an error. */
function fakeTarget(): { connect: () => ClockLink; received: () => number } {
  let received = 0;
  const link: ClockLink = {
    exclusive: (session) => session(async (message) => (received++, Number(message) % 7 === 6 ? 'error: refused' : 'acknowledged')),
    close: async () => undefined,
  };
  return { connect: () => link, received: () => received };
}

describe("a clock's memory: exact counts, only a window of ticks", () => {
  it('20 000 ticks: counts exact, only the last RECENT_TICKS ticks kept, in order', async () => {
    const target = fakeTarget();
    const ticks = 20_000;
    const summary = await runClock({ target: 'iopin', connect: target.connect, ticks, delay: 0, reporter: silentReporter });
    assert.equal(target.received(), ticks);
    assert.equal(summary.ticks, ticks);
    assert.equal(summary.acked, ticks - Math.floor(ticks / 7), 'every seventh tick was refused');
    assert.equal(summary.recent.length, RECENT_TICKS);
    assert.deepEqual(summary.recent.map((r) => r.tick), Array.from({ length: RECENT_TICKS }, (_, i) => ticks - RECENT_TICKS + i));
  });

  it('a clock told to tick until stopped (ticks: 0) keeps its window while it runs, and counts every tick', async () => {
    const stop = new AbortController();
    let received = 0;
    const link: ClockLink = {
      exclusive: (session) =>
        session(async () => {
          if (++received === 12_345) stop.abort();
          return 'acknowledged';
        }),
      close: async () => undefined,
    };
    const summary = await runClock({ target: 'iopin', connect: () => link, ticks: 0, delay: 0, reporter: silentReporter, signal: stop.signal });
    assert.equal(summary.ticks, 12_345);
    assert.equal(summary.acked, 12_345);
    assert.equal(summary.recent.length, RECENT_TICKS);
    assert.equal(summary.recent.at(-1)!.tick, 12_344);
  });

  it('the tally keeps at most RECENT_TICKS results after any number of records', () => {
    const tally = new TickTally();
    for (let tick = 0; tick < 5_000; tick++) {
      tally.record({ tick, reply: 'acknowledged', ok: tick % 2 === 0 });
      assert.ok(tally.summary().recent.length <= RECENT_TICKS);
    }
    const summary = tally.summary();
    assert.deepEqual([summary.ticks, summary.acked, summary.recent.length], [5_000, 2_500, RECENT_TICKS]);
  });

  it("several clocks' summaries add their counts and keep each clock's window", () => {
    const a = new TickTally();
    const b = new TickTally();
    for (let tick = 0; tick < 1_000; tick++) a.record({ tick, reply: 'acknowledged', ok: true });
    for (let tick = 0; tick < 10; tick++) b.record({ tick, reply: 'error: no', ok: false });
    const both = combinedSummary([a.summary(), b.summary()]);
    assert.deepEqual([both.ticks, both.acked, both.recent.length], [1_010, 1_000, RECENT_TICKS + 10]);
  });

  it('the button clock keeps the same window: 300 presses counted, the last RECENT_TICKS kept', async () => {
    const board = new MockBoard();
    const target = fakeTarget();
    const stop = new AbortController();
    const presses = 300;
    const running = runButtonClock({
      target: 'iopin',
      connect: target.connect,
      board: new NodeBoard(board, 'button', silentReporter),
      pin: 2,
      debounceMs: 0,
      presses,
      reporter: { report: (_node, event) => event.event === 'armed' && void press(presses) },
      signal: stop.signal,
    });
    const press = async (times: number) => {
      for (let i = 0; i < times; i++) {
        board.setInput(2, 0);
        board.setInput(2, 'open');
        // Presses wait their turn in a bounded queue: let each be ticked before the next.
        while (target.received() <= i) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const summary = await running;
    assert.equal(summary.ticks, presses);
    assert.equal(summary.acked, presses - Math.floor(presses / 7));
    assert.equal(summary.recent.length, RECENT_TICKS);
    assert.equal(summary.recent.at(-1)!.tick, presses - 1);
  });
});
