import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeEvent } from '../../src/report/event-types.js';
import { applyEvent, emptyState, limits, type ViewLayout, type ViewState } from '../../src/view/shared/view-state.js';
import { ClockControl } from '../../src/view/clock-control.js';

const layout: ViewLayout = {
  nodes: [
    { name: 'clock', sketch: 'clock', role: 'clock', peers: ['iopin'], pins: [], local: true },
    { name: 'iopin', sketch: 'iopin', role: 'server', url: 'ws://127.0.0.1:8765/', peers: ['buzzer'], pins: [{ pin: 13, mode: 'digital-out', option: 'pin' }], local: true },
    { name: 'buzzer', sketch: 'buzzer', role: 'server', url: 'ws://127.0.0.1:8766/', peers: [], pins: [{ pin: 3, mode: 'pwm', option: 'pin' }], local: false },
  ],
};
/** Folds `event`, said by `node` and seen by the view at `t` ms. */
const fold = (state: ViewState, t: number, node: string, event: Record<string, unknown>) => applyEvent(state, { node, time: '', ...event } as NodeEvent, t);

describe('the view state: what the page draws, folded from the events', () => {
  it('the board: connecting, online with its firmware, offline with the reason, back online', () => {
    const state = emptyState(layout);
    fold(state, 1, 'board', { event: 'connecting', kind: 'sim', port: 'simulated ATmega328P', hint: '' });
    assert.equal(state.board.status, 'connecting');
    fold(state, 2, 'board', { event: 'board', kind: 'sim', firmware: 'StandardFirmata.ino', version: '2.4', port: 'simulated ATmega328P' });
    assert.deepEqual(state.board, { status: 'online', kind: 'sim', firmware: 'StandardFirmata.ino', version: '2.4', port: 'simulated ATmega328P' });
    fold(state, 3, 'board', { event: 'offline', reason: 'the cable is out' });
    assert.equal(state.board.status, 'offline');
    assert.equal(state.board.firmware, 'StandardFirmata.ino');
    fold(state, 4, 'board', { event: 'online', kind: 'sim', firmware: 'StandardFirmata.ino', version: '2.4', port: 'simulated ATmega328P' });
    assert.equal(state.board.status, 'online');
  });

  it('the board the page draws: the one its identity names (a Mega), kept through offline and back', () => {
    const state = emptyState(layout);
    fold(state, 1, 'board', { event: 'board', kind: 'sim', firmware: 'StandardFirmata.ino', version: '2.3', port: 'simulated ATmega2560', board: 'mega' });
    assert.equal(state.board.board, 'mega');
    fold(state, 2, 'board', { event: 'offline', reason: 'the cable is out' });
    assert.equal(state.board.board, 'mega');
    fold(state, 3, 'board', { event: 'online', kind: 'tcp', firmware: 'StandardFirmataWiFi.ino', version: '2.5', port: 'tcp://127.0.0.1:3030' });
    assert.equal(state.board.board, undefined, 'a board pinmesh does not know by name is drawn as an Uno');
  });

  it('the iopin serving without its buzzer: waiting while it tries, listening again once the buzzer answers', () => {
    const state = emptyState(layout);
    fold(state, 1, 'iopin', { event: 'listening', host: '127.0.0.1', port: 8765, url: 'ws://127.0.0.1:8765' });
    fold(state, 2, 'iopin', { event: 'waiting', peer: 'buzzer', url: 'ws://127.0.0.1:8766/iopin', attempt: 1, reason: 'ECONNREFUSED' });
    assert.equal(state.health.iopin?.status, 'waiting');
    fold(state, 3, 'iopin', { event: 'reached', peer: 'buzzer' });
    assert.equal(state.health.iopin?.status, 'listening');
    assert.equal(state.health.iopin?.note, undefined);
  });

  it('pins and piezos: the last level of each, and a trace of changes', () => {
    const state = emptyState(layout);
    fold(state, 10, 'iopin', { event: 'pin', pin: 13, value: 1, at: 500, source: 'mcu' });
    fold(state, 11, 'buzzer', { event: 'buzz', pin: 3, on: true, frequency: 490.2, at: 501, source: 'mcu' });
    fold(state, 12, 'iopin', { event: 'pin', pin: 13, value: 0, at: 700, source: 'mcu' });
    assert.deepEqual(state.pins[13], { value: 0, node: 'iopin', at: 700, source: 'mcu' });
    assert.deepEqual(state.piezos[3], { on: true, frequency: 490.2, node: 'buzzer', at: 501 });
    assert.deepEqual(state.traces.map((trace) => [trace.kind, trace.level]), [['pin', 1], ['buzz', 1], ['pin', 0]]);
  });

  it('tick → ack latency per clock tick; an error answers the tick too', () => {
    const state = emptyState(layout);
    fold(state, 100, 'clock', { event: 'tick', tick: 0, target: 'iopin' });
    fold(state, 104.5, 'clock', { event: 'ack', tick: 0, reply: 'acknowledged' });
    fold(state, 200, 'clock', { event: 'tick', tick: 1, target: 'iopin' });
    fold(state, 210, 'clock', { event: 'error', scope: 'clock', tick: 1, reply: 'error: x', error: 'error: x' });
    assert.deepEqual(state.latencies, [4.5]);
    assert.deepEqual(state.pending, {});
    assert.equal(state.health.clock!.answered, 1);
    assert.equal(state.health.clock!.errors, 1);
    assert.equal(state.health.buzzer!.status, 'remote', 'a node run elsewhere is drawn, with no health of its own');
  });

  it("a node's answers are its replied events, whatever its sketch (a user's, the iopin, the buzzer): errors answer too, and are counted as errors", () => {
    const state = emptyState(layout);
    fold(state, 1, 'desk', { event: 'replied', channel: '/desk', ok: true });
    fold(state, 2, 'desk', { event: 'blinked', pin: 13, on: true });
    fold(state, 3, 'desk', { event: 'error', scope: 'loop', channel: '/desk', message: 'x', error: 'no' });
    fold(state, 4, 'desk', { event: 'replied', channel: '/desk', ok: false });
    fold(state, 5, 'iopin', { event: 'tick', channel: '/datafeed', message: '0', bits: [1] });
    fold(state, 6, 'iopin', { event: 'replied', channel: '/datafeed', ok: true });
    fold(state, 7, 'buzzer', { event: 'signal', channel: '/iopin', signal: '1', reply: 'buzz buzz buzz' });
    fold(state, 8, 'buzzer', { event: 'replied', channel: '/iopin', ok: true });
    assert.deepEqual([state.health.desk!.answered, state.health.desk!.errors], [2, 1]);
    assert.equal(state.health.iopin!.answered, 1, 'the tick it received is not an answer: its reply is');
    assert.equal(state.health.buzzer!.answered, 1, 'the signal it reported is not counted again');
  });

  it("a node is marked errored when its server failed, or when the error that ended the command is its sketch's; the command's own error marks no node", () => {
    const state = emptyState(layout);
    for (const node of ['iopin', 'buzzer', 'desk']) fold(state, 1, node, { event: 'listening', host: '127.0.0.1', port: 8765, url: 'ws://127.0.0.1:8765' });
    fold(state, 2, 'buzzer', { event: 'error', scope: 'server', error: 'cannot listen' });
    fold(state, 3, 'desk', { event: 'error', scope: 'command', error: 'your sketch desk.mjs failed in setup() at line 4, column 11: no LED on pin 99', at: 'desk.mjs:4:11' });
    fold(state, 4, 'pinmesh', { event: 'error', scope: 'command', error: 'the board went away' });
    fold(state, 5, 'iopin', { event: 'error', scope: 'loop', channel: '/datafeed', message: 'x', error: 'no' });
    assert.equal(state.health.buzzer!.status, 'error');
    assert.equal(state.health.desk!.status, 'error');
    assert.equal(state.health.desk!.note, 'your sketch desk.mjs failed in setup() at line 4, column 11: no LED on pin 99');
    assert.notEqual(state.health.iopin!.status, 'error', 'a frame its loop() refused is an answer, not the node failing');
    assert.notEqual(state.health.pinmesh?.status, 'error');
  });

  it('stays bounded however long it runs', () => {
    const state = emptyState(layout);
    for (let i = 0; i < 20_000; i++) {
      fold(state, i, 'iopin', { event: 'pin', pin: 13, value: (i % 2) as 0 | 1, at: i, source: 'mcu' });
      fold(state, i, 'clock', { event: 'tick', tick: i, target: 'iopin' });
      if (i % 3 === 0) fold(state, i + 1, 'clock', { event: 'ack', tick: i, reply: 'acknowledged' });
    }
    assert.ok(state.traces.length <= limits.traces + 1, `${state.traces.length} traces`);
    assert.ok(state.latencies.length <= limits.latencies);
    assert.ok(Object.keys(state.pending).length <= limits.pending);
  });

  it('the strip drops changes older than its window, but keeps the last one before it: the level the window starts at', () => {
    const state = emptyState(layout);
    const second = 1_000;
    const end = 3 * limits.traceWindowMs;
    for (let t = 0; t <= end; t += second) fold(state, t, 'iopin', { event: 'pin', pin: 13, value: (t / second) % 2, at: t, source: 'mcu' });
    const [first, ...inWindow] = state.traces;
    assert.ok(first!.t < end - limits.traceWindowMs, 'the change before the window is kept');
    assert.ok(inWindow.every((trace) => trace.t >= end - 1.25 * limits.traceWindowMs), 'older ones are gone (trimmed a chunk at a time)');
    assert.ok(inWindow.length >= limits.traceWindowMs / second, 'the whole window is there');
  });
});

describe('the clock under the view’s control', () => {
  it('paused, it waits until resumed; tick once lets exactly one tick through', async () => {
    const changes: string[] = [];
    const clock = new ClockControl((status) => changes.push(status));
    clock.pause();
    let passed = 0;
    const ticking = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.wait(0);
        passed++;
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(passed, 0, 'paused: no tick goes');
    clock.tickNow();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(passed, 1, 'tick once: one tick');
    clock.resume();
    await ticking;
    assert.equal(passed, 3);
    assert.deepEqual(changes, ['paused', 'running']);
  });

  it('tick once cuts the delay short; finished, nothing waits', async () => {
    const clock = new ClockControl();
    const waited = clock.wait(3_600_000);
    clock.tickNow();
    await waited;
    clock.finish();
    await clock.wait(3_600_000);
    assert.equal(clock.status, 'done');
  });
});
