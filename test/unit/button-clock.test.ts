import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { circuitDirectory } from '../../src/mesh/directory.js';
import { EventReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { peerLink } from '../../src/runtime/peers.js';
import { runButtonClock } from '../../src/sketches/button-clock.js';
import { startTestMesh, type TestMesh } from '../support/mesh.js';

const PIN = 2;

describe('the button clock: one tick per press', () => {
  let mesh: TestMesh | undefined;
  afterEach(async () => mesh?.close());

  async function buttonClock(presses: number, signal?: AbortSignal, held = false) {
    const board = new MockBoard();
    if (held) board.setInput(PIN, 0);
    mesh = await startTestMesh({ board });
    const sink = memorySink();
    const reporter = new EventReporter([sink]);
    const directory = circuitDirectory(mesh.circuit);
    const running = runButtonClock({
      name: 'button',
      target: 'iopin',
      connect: (options) => peerLink('iopin', '/datafeed', directory, {}, options),
      board: new NodeBoard(board, 'button', reporter),
      pin: PIN,
      debounceMs: 0,
      presses,
      reporter,
      signal,
    });
    const armed = new Promise<void>((resolve) => {
      const check = () => (sink.events.some((e) => e.event === 'armed') ? resolve() : setImmediate(check));
      check();
    });
    const tap = () => {
      board.setInput(PIN, 0);
      board.setInput(PIN, 'open');
    };
    return { board, events: sink.events, running, armed, tap };
  }

  it("ticks the target 0, 1, 2 for three presses, with the clock's tick and ack events, presses made during a tick ticked in turn", async () => {
    const clock = await buttonClock(3);
    await clock.armed;
    clock.tap();
    clock.tap();
    clock.tap();
    clock.tap(); // a fourth press: beyond --presses 3, not ticked
    const results = await clock.running;
    assert.deepEqual(results.recent.map((r) => [r.tick, r.reply]), [[0, 'acknowledged'], [1, 'acknowledged'], [2, 'acknowledged']]);
    const lines = clock.events.filter((e) => ['armed', 'tick', 'ack'].includes(e.event)).map((e) => `${e.event} ${'tick' in e ? e.tick : ''}`.trim());
    assert.deepEqual(lines, ['armed', 'tick 0', 'ack 0', 'tick 1', 'ack 1', 'tick 2', 'ack 2']);
    assert.equal(clock.events.filter((e) => e.event === 'button' && e.pressed).length, 4, 'every press is reported as the button node\'s');
  });

  it('a button held down at the start is no press; stopping (Ctrl-C) ends it with the ticks so far', async () => {
    const stop = new AbortController();
    const clock = await buttonClock(0, stop.signal, true);
    await clock.armed;
    clock.board.setInput(PIN, 'open'); // let go: a release, not a tick
    clock.tap();
    const acked = new Promise<void>((resolve) => {
      const check = () => (clock.events.some((e) => e.event === 'ack') ? resolve() : setImmediate(check));
      check();
    });
    await acked;
    stop.abort();
    const results = await clock.running;
    assert.deepEqual(results.recent.map((r) => r.tick), [0]);
  });
});
