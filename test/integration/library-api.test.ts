/**
 * Running things is library code: the article's circuit, one node, a clock and a board node,
 * started through what `pinmesh` exports alone (no commander, no CLI), on ports the OS picks. The
 * article's circuit with its own holds runs in a session on a VirtualClock (pinmesh/testing's), so
 * its 200 ms holds take no wall time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EventReporter,
  RunSession,
  Sketch,
  SketchError,
  Token,
  readToken,
  UserError,
  builtInSketches,
  pinOption,
  memorySink,
  openBoard,
  serveNode,
  startBoardNode,
  startCircuit,
  startClock,
  type Board,
  type Circuit,
  type CircuitOptions,
  type ClockRunOptions,
  type MockBoard,
  type NodeEvent,
  type RunOptions,
  type SketchClass,
  type SketchEntry,
} from '../../src/index.js';
import { z } from 'zod';
import { VirtualClock } from '../../src/testing/index.js';
import { ArticleClient } from '../support/ws-client.js';
import { tryUpgrade } from '../support/raw-clients.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const loopback = '127.0.0.1';

function recorder() {
  const sink = memorySink();
  return { events: sink.events, reporter: new EventReporter([sink]) };
}

/** Waits until `found` gives something (5 s at most, then fails saying what was awaited). */
async function eventually<T>(found: () => T | undefined, what: string): Promise<T> {
  for (const started = Date.now(); Date.now() - started < 5_000; await new Promise((resolve) => setTimeout(resolve, 10))) {
    const value = found();
    if (value !== undefined) return value;
  }
  assert.fail(`not within 5 s: ${what}`);
}

const acks = (events: NodeEvent[], node: string) => events.filter((e) => e.node === node && e.event === 'ack');

/** Every pin written on the mock board reads LOW (0, or a silent piezo) now. */
function assertOutputsLow(board: Board): void {
  const mock = board as MockBoard;
  const writes = mock.writes.recent();
  assert.ok(writes.length > 0, 'the nodes drove the board');
  for (const write of writes) {
    if (write.kind === 'digital') assert.equal(mock.level(write.pin), 0, `pin ${write.pin} LOW`);
    if (write.kind === 'pwm') assert.equal(mock.duty(write.pin), 0, `pin ${write.pin} silent`);
  }
}

describe('the library API: running without the CLI', () => {
  it("startCircuit runs the article's circuit on the mock board: 5 acks in the summary and in the events; stop() leaves every output LOW", async () => {
    const sink = memorySink();
    const events = sink.events;
    const clock = new VirtualClock();
    const session = new RunSession({ sinks: [sink], clock });
    const circuit = await clock.runUntil(startCircuit({ session, ticks: 5, delay: 0, anyPorts: true }));
    try {
      assert.deepEqual([...circuit.nodes.keys()].sort(), ['buzzer', 'iopin']);
      for (const node of circuit.nodes.values()) assert.notEqual(node.port, 0, 'each node listens on the port the OS gave it');
      const summary = await clock.runUntil(circuit.done);
      assert.ok(clock.now() >= 5 * 2 * 200, `the iopin held its bits 200 ms each, in the session's time (${clock.now()} ms)`);
      assert.deepEqual([summary.ticks, summary.acked], [5, 5]);
      assert.deepEqual(summary.recent.map((r) => r.reply), Array(5).fill('acknowledged'));
      assert.equal(acks(events, 'clock').length, 5);
      const done = events.find((e) => e.node === 'clock' && e.event === 'done');
      assert.ok(done && 'acked' in done, 'the clock reports done');
      assert.deepEqual([done.acked, done.ticks], [5, 5]);
    } finally {
      await clock.runUntil(circuit.stop());
    }
    assert.equal(circuit.boards.length, 1, 'the iopin and the buzzer share one board');
    assertOutputsLow(circuit.boards[0]!);
    assert.ok(events.some((e) => e.node === 'board' && e.event === 'closed'), 'the board is closed last');
  });

  it('a circuit told to tick until stopped (ticks: 0) ends on stop(), its counts exact, its outputs LOW', async () => {
    const { events, reporter } = recorder();
    const circuit = await startCircuit({ reporter, ticks: 0, delay: 0, anyPorts: true, overrides: (entry) => ('hold' in entry.options.shape ? { hold: 0 } : {}) });
    while (acks(events, 'clock').length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    await circuit.stop();
    const summary = await circuit.done;
    assert.ok(summary.ticks >= 20);
    assert.equal(summary.acked, acks(events, 'clock').length, 'every ack counted');
    assertOutputsLow(circuit.boards[0]!);
  });

  it("a circuit's clock allows for the iopin's holds: a tick longer than the links' reply timeout is still acknowledged", async () => {
    const sink = memorySink();
    // Three bits held 250 ms: a tick of about 500 ms against a clock told to wait 300 ms (--reply-within 0.3).
    const circuit = await startCircuit({
      ticks: 1,
      delay: 0,
      anyPorts: true,
      overrides: (entry) => (entry === builtInSketches.iopin ? { hold: 250, sequence: 3 } : entry === builtInSketches.clock ? { replyWithin: 0.3 } : {}),
      reporter: new EventReporter([sink]),
    });
    try {
      const summary = await circuit.done;
      assert.deepEqual([summary.ticks, summary.acked], [1, 1], JSON.stringify(summary.recent));
    } finally {
      await circuit.stop();
    }
  });

  it('two circuits run side by side on ports the OS picks (two sessions on one virtual clock)', async () => {
    const clock = new VirtualClock();
    const start = () => startCircuit({ session: new RunSession({ clock }), ticks: 2, delay: 0, anyPorts: true });
    const [a, b] = await clock.runUntil(Promise.all([start(), start()]));
    try {
      const [sa, sb] = await clock.runUntil(Promise.all([a.done, b.done]));
      assert.deepEqual([sa.acked, sb.acked], [2, 2]);
      assert.notEqual(a.nodes.get('iopin')!.port, b.nodes.get('iopin')!.port);
    } finally {
      await clock.runUntil(Promise.all([a.stop(), b.stop()]));
    }
  });

  it("a call's misspelt option is refused with the one it meant, before anything starts or opens (tiks: 2 ran 5 ticks; prot: 0 served on the article's port)", async () => {
    const mistakes: Array<[() => Promise<unknown>, string]> = [
      [() => startCircuit({ tiks: 2, anyPorts: true } as never), 'startCircuit() has no option "tiks": did you mean "ticks"?'],
      [() => serveNode({ name: 'buzzer', prot: 0 } as never), 'serveNode() has no option "prot": did you mean "port"?'],
      [() => startClock({ option: { ticks: 1 } } as never), 'startClock() has no option "option": did you mean "options"?'],
      [() => startBoardNode({ hots: '127.0.0.1' } as never), 'startBoardNode() has no option "hots": did you mean "host"?'],
      [() => openBoard('mock', { serialport: '/dev/ttyACM0' } as never), 'openBoard() has no option "serialport": did you mean "serialPort"?'],
      [() => startCircuit({ colour: 'red' } as never), 'startCircuit() has no option "colour" (its options: reporter, session, hooks, board, serialPort, boardGiven, security, credentials, peers, brokered, portAdvice, settingNames, seed, circuit, file, clock, ticks, delay, overrides, anyPorts, basePort)'],
    ];
    for (const [call, message] of mistakes) await assert.rejects(call(), { name: 'TypeError', message });
  });

  it('serveNode serves single nodes and startClock ticks them: 3 acks; stop() makes the outputs safe', async () => {
    const { events, reporter } = recorder();
    const buzzer = await serveNode({ name: 'buzzer', port: 0, reporter });
    const mesh: Circuit = { nodes: { buzzer: { host: loopback, port: buzzer.node.port }, iopin: { host: loopback, port: 1 } } };
    const iopin = await serveNode({ name: 'iopin', circuit: mesh, port: 0, options: { hold: 0 }, reporter });
    try {
      mesh.nodes.iopin = { host: loopback, port: iopin.node.port };
      const clock = await startClock({ circuit: mesh, options: { ticks: 3, delay: 0 }, reporter });
      const summary = await clock.done;
      assert.deepEqual([summary.ticks, summary.acked], [3, 3]);
      assert.equal(acks(events, 'clock').length, 3);
      await clock.stop();
    } finally {
      await iopin.stop();
      await buzzer.stop();
    }
    assertOutputsLow(iopin.board);
    assertOutputsLow(buzzer.board);
  });

  it("nodes served one by one on ports the OS picks find each other where they listen, no circuit given (serveNode's own example): a clock ticks the iopin, which streams to the buzzer", async () => {
    const { events, reporter } = recorder();
    const buzzer = await serveNode({ name: 'buzzer', port: 0, reporter });
    const iopin = await serveNode({ name: 'iopin', port: 0, options: { hold: 0 }, reporter });
    try {
      const clock = await startClock({ options: { ticks: 3, delay: 0 }, reporter });
      const summary = await clock.done;
      assert.deepEqual([summary.ticks, summary.acked], [3, 3], JSON.stringify(summary.recent));
      assert.ok(events.some((e) => e.node === 'buzzer' && e.event === 'signal'), 'the buzzer got the bits');
      assert.ok(!events.some((e) => e.event === 'waiting'), 'no node waited for a peer at the circuit\'s port');
      await clock.stop();
    } finally {
      await iopin.stop();
      await buzzer.stop();
    }
  });

  it('runs given one session find the nodes it serves; a node stopped is no longer found where it listened', async () => {
    const { events, reporter } = recorder();
    const session = new RunSession({ reporter });
    const iopin = await serveNode({ session, name: 'iopin', port: 0, options: { hold: 0 } });
    const buzzer = await serveNode({ session, name: 'buzzer', port: 0 }); // after the iopin: found on its next try
    await eventually(() => events.find((e) => e.node === 'iopin' && e.event === 'reached'), 'the iopin reaches the buzzer served after it');
    const clock = await startClock({ session, options: { ticks: 2, delay: 0 } });
    try {
      // One board for the session's nodes, as a circuit's share one (on an Uno: its serial port opened once).
      assert.equal(iopin.board, buzzer.board);
      assert.equal(events.filter((e) => e.event === 'board').length, 1, 'one board opened');
      await iopin.board.digitalWrite(7, 1);
      await eventually(() => events.find((e) => e.node === 'board' && e.event === 'pin' && e.pin === 7), 'the write on pin 7 is reported');
      assert.equal(events.filter((e) => e.node === 'board' && e.event === 'pin' && e.pin === 7).length, 1, 'a write is one event');
      const summary = await clock.done;
      assert.equal(summary.acked, 2, JSON.stringify(summary.recent));
    } finally {
      await clock.stop(); // the session's: every node it serves
    }
    assert.ok(events.some((e) => e.node === 'buzzer' && e.event === 'signal'), 'the buzzer got the bits');
    const later = recorder();
    const alone = await serveNode({ name: 'iopin', port: 0, reporter: later.reporter });
    try {
      const waiting = await eventually(() => later.events.find((e) => e.node === 'iopin' && e.event === 'waiting'), 'the iopin waits for a buzzer');
      assert.ok('url' in waiting && waiting.url === 'ws://127.0.0.1:8766/iopin', `the stopped buzzer is looked for at the circuit's address: ${JSON.stringify(waiting)}`);
    } finally {
      await alone.stop();
    }
  });

  it("a program's own writes through NodeRun.board are reported: on a pin no node uses as the board's, on the node's pin as the node's, once", async () => {
    const { events, reporter } = recorder();
    const iopin = await serveNode({ name: 'iopin', port: 0, reporter });
    try {
      await iopin.board.digitalWrite(7, 1);
      await iopin.board.pwmWrite(5, 64);
      await iopin.board.digitalWrite(13, 1);
    } finally {
      await iopin.stop();
    }
    const writes = events.filter((e) => e.event === 'pin' || e.event === 'pwm').map((e) => ({ node: e.node, event: e.event, pin: 'pin' in e ? e.pin : undefined }));
    assert.deepEqual(writes.slice(0, 3), [
      { node: 'board', event: 'pin', pin: 7 },
      { node: 'board', event: 'pwm', pin: 5 },
      { node: 'iopin', event: 'pin', pin: 13 },
    ]);
    assert.equal(writes.filter((w) => w.pin === 13 && w.node === 'board').length, 1, "pin 13 is the board's only at its close, driven LOW");
  });

  it('startBoardNode serves a board that nodes of other runs drive by its URL; stopping it leaves its outputs LOW', async () => {
    const shared = await startBoardNode({ board: 'mock', port: 0 });
    try {
      assert.match(shared.url, /^ws:\/\/127\.0\.0\.1:\d+/);
      const circuit = await startCircuit({ board: shared.url, ticks: 3, delay: 0, anyPorts: true, overrides: (entry) => ('hold' in entry.options.shape ? { hold: 0 } : {}) });
      const summary = await circuit.done;
      await circuit.stop();
      assert.deepEqual([summary.ticks, summary.acked], [3, 3]);
      assert.notEqual(circuit.boards[0], shared.board, 'the circuit drives the board through the board node');
    } finally {
      await shared.stop();
    }
    assertOutputsLow(shared.board);
  });

  it('a button clock in a library run opens the shared board first; a hook is handed it, and two presses tick the iopin twice', async () => {
    const { events, reporter } = recorder();
    let read: Board | undefined;
    const fast = (entry: SketchEntry) => {
      const shape = entry.options.shape as Record<string, unknown>;
      return { ...('hold' in shape && { hold: 0 }), ...('presses' in shape && { presses: 2, debounce: 0 }) };
    };
    const circuit = await startCircuit({ reporter, clock: 'button', anyPorts: true, overrides: fast, hooks: [{ clockStarting: (_, board) => void (read = board) }] });
    try {
      while (!events.some((e) => e.event === 'armed')) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(read, circuit.boards[0], 'the button reads the board the nodes share');
      const button = read as MockBoard;
      for (let press = 0; press < 2; press++) {
        button.setInput(2, 0);
        button.setInput(2, 'open');
      }
      const summary = await circuit.done;
      assert.deepEqual([summary.ticks, summary.acked], [2, 2]);
      assert.equal(acks(events, 'clock').length, 2);
    } finally {
      await circuit.stop();
    }
    assertOutputsLow(circuit.boards[0]!);
  });

  it('serveNode serves your own Sketch class as it is (sketch: Lamp), options checked by its schema', async () => {
    class Lamp extends Sketch<{ pin: number }> {
      static options = z.object({ pin: pinOption('digital-out', 13, 'the lamp') });
      private pin = 13;
      override setup(options: { pin: number }) {
        this.pin = options.pin;
      }
      async loop(_channel: string, message: string) {
        await this.board.digitalWrite(this.pin, message === 'on' ? 1 : 0);
        return `pin ${this.pin} ${message}`;
      }
    }
    const lamp = await serveNode({ name: 'lamp', sketch: Lamp, port: 0, options: { pin: 7 } });
    try {
      const client = await ArticleClient.connect(`ws://${loopback}:${lamp.node.port}/desk`);
      assert.equal(await client.request('on'), 'pin 7 on');
      assert.equal((lamp.board as MockBoard).level(7), 1);
      await client.close();
    } finally {
      await lamp.stop();
    }
    assert.equal((lamp.board as MockBoard).level(7), 0, 'LOW once stopped');
    await assert.rejects(serveNode({ name: 'lamp', sketch: Lamp, port: 0, options: { pin: 'seven' } }), /lamp.*pin/);
  });

  it("a Sketch class given in code that throws in setup() is blamed as a sketch file is: the node, where in the program, the error kept as its cause; the board closed", async () => {
    const { events, reporter } = recorder();
    const thrown = new Error('no lamp on this desk');
    class Lamp extends Sketch {
      override setup() {
        throw thrown;
      }
      loop() {
        return 'never';
      }
    }
    await assert.rejects(serveNode({ name: 'lamp', sketch: Lamp, port: 0, reporter }), (error: unknown) => {
      assert.ok(error instanceof SketchError, `a SketchError (a UserError), not ${String(error)}`);
      assert.match(error.message, /^your sketch (dist-test\/)?test\/integration\/library-api\.test\.[jt]s failed in setup\(\) at line \d+, column \d+: no lamp on this desk$/);
      assert.equal(error.node, 'lamp');
      assert.equal(error.cause, thrown, 'its own error, stack and all, is the cause');
      return true;
    });
    assert.ok(events.some((e) => e.node === 'board' && e.event === 'closed'), 'the board it opened was closed');
  });

  it("this.out() prints what is not text as console.log shows it, on one line, not [object Object]", async () => {
    class Lamp extends Sketch {
      override setup() {
        this.out({ pin: 13, on: true } as never);
        this.out('plain text');
      }
      loop() {
        return 'lit';
      }
    }
    const sink = memorySink();
    const run = await serveNode({ name: 'lamp', sketch: Lamp, port: 0, reporter: new EventReporter([sink]) });
    await run.stop();
    assert.deepEqual(sink.events.filter((e) => e.event === 'log').map((e) => (e as { text: string }).text), ['{ pin: 13, on: true }', 'plain text']);
  });

  it('a Sketch class whose constructor throws is blamed on the line that threw, said as in its constructor', async () => {
    class Lamp extends Sketch {
      constructor(context: ConstructorParameters<typeof Sketch>[0]) {
        super(context);
        throw new Error('no desk here');
      }
      loop() {
        return 'never';
      }
    }
    await assert.rejects(serveNode({ name: 'lamp', sketch: Lamp, port: 0 }), (error: unknown) => {
      assert.ok(error instanceof SketchError, `a SketchError, not ${String(error)}`);
      assert.match(error.message, /^your sketch (dist-test\/)?test\/integration\/library-api\.test\.[jt]s failed in its constructor at line \d+, column \d+: no desk here$/);
      assert.equal(error.node, 'lamp');
      return true;
    });
  });

  it('a Sketch class whose setup() throws what is no Error (a string) is blamed all the same: its class and node, no line to give', async () => {
    class Lamp extends Sketch {
      override setup() {
        throw 'no lamp on this desk';
      }
      loop() {
        return 'never';
      }
    }
    await assert.rejects(serveNode({ name: 'lamp', sketch: Lamp, port: 0 }), (error: unknown) => {
      assert.ok(error instanceof SketchError, `a SketchError, not ${String(error)}`);
      assert.equal(error.message, 'your sketch class Lamp failed in setup(): no lamp on this desk');
      assert.equal(error.node, 'lamp');
      assert.equal(error.cause, 'no lamp on this desk');
      return true;
    });
  });

  it("a Sketch class whose setup() awaited what Node refused, with no frame of the sketch's left in the error (a fetch of a port fetch blocks), is blamed on its class, with the reason the error gives as its cause", async () => {
    // As Node 24 raises it: every frame Node's own (undici's), the sketch's await gone from the stack.
    const refused = Object.assign(new TypeError('fetch failed', { cause: new Error('bad port') }), {
      stack: 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:13510:13\n    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
    });
    class Lamp extends Sketch {
      override async setup() {
        throw refused;
      }
      loop() {
        return 'never';
      }
    }
    await assert.rejects(serveNode({ name: 'lamp', sketch: Lamp, port: 0 }), (error: unknown) => {
      assert.ok(error instanceof SketchError, `a SketchError, not ${String(error)}`);
      assert.equal(error.message, 'your sketch class Lamp failed in setup(): fetch failed (bad port)');
      assert.equal(error.cause, refused);
      return true;
    });
  });

  it("an error out of a Sketch class's setup() with a frame of pinmesh's own code and none of the sketch's stays pinmesh's, not blamed on the sketch", async () => {
    const own = Object.assign(new TypeError("Cannot read properties of undefined (reading 'pin')"), {
      stack: `TypeError: Cannot read properties of undefined (reading 'pin')\n    at NodeBoard.write (${pathToFileURL(resolve('dist/lib/index.js')).href}:1:2345)`,
    });
    class Lamp extends Sketch {
      override async setup() {
        throw own;
      }
      loop() {
        return 'never';
      }
    }
    await assert.rejects(serveNode({ name: 'lamp', sketch: Lamp, port: 0 }), (error: unknown) => error === own);
  });

  it("pinmesh refusing what a Sketch class's setup() asked (a pin the Uno lacks) is blamed on the line that asked", async () => {
    class Lamp extends Sketch {
      override async setup() {
        await this.board.digitalWrite(99, 1);
      }
      loop() {
        return 'never';
      }
    }
    await assert.rejects(
      serveNode({ name: 'lamp', sketch: Lamp, port: 0 }),
      /^SketchError: your sketch (dist-test\/)?test\/integration\/library-api\.test\.[jt]s failed in setup\(\) at line \d+, column \d+: pin 99 cannot be used as digital-out/,
    );
  });

  it('serveNode refuses a class that is no sketch with what to write, and opens no board for it', async () => {
    class Lamp {
      loop() {
        return 'on';
      }
    }
    await assert.rejects(
      serveNode({ name: 'lamp', sketch: Lamp as unknown as SketchClass, port: 0 }),
      (error: Error) => error instanceof UserError && /^sketch for node lamp: class Lamp does not extend Sketch.*declare it as class Lamp extends Sketch/.test(error.message),
    );
  });

  it("serveNode refuses a JavaScript caller's sketch given by name ('buzzer'), or anything else that is no class, with what to write", async () => {
    await assert.rejects(
      serveNode({ name: 'alarm', sketch: 'buzzer' as unknown as SketchClass, port: 0 }),
      (error: Error) => error instanceof UserError && error.message === "serveNode: sketch 'buzzer' is a name, and sketch takes a Sketch class: for the built-in buzzer, give name: 'buzzer' and leave sketch out; for your own, give its class (sketch: Lamp)",
    );
    await assert.rejects(
      serveNode({ name: 'lamp', sketch: { loop: () => 'on' } as unknown as SketchClass, port: 0 }),
      (error: Error) => error instanceof UserError && error.message === 'serveNode: sketch takes a Sketch class (sketch: Lamp), not object',
    );
  });

  it("a circuit given in code is checked as a circuit file is, before anything opens: a JavaScript caller's port \"x\" is named", async () => {
    const sink = memorySink();
    const circuit = { nodes: { iopin: { host: '127.0.0.1', port: 'x' }, buzzer: { host: '127.0.0.1', port: 8766 } } } as unknown as Circuit;
    await assert.rejects(
      startCircuit({ circuit, ticks: 1, delay: 0, reporter: new EventReporter([sink]) }),
      (error: Error) => error instanceof UserError && /^bad circuit given in code: at nodes\.iopin\.port: expected a number, got "x"/.test(error.message),
    );
    await assert.rejects(serveNode({ name: 'iopin', circuit: { nodes: { iopin: { port: 9000 } } } as unknown as Circuit }), /^UserError: bad circuit given in code: at nodes\.iopin\.host: a node with a port needs a host too/);
    // What only planning finds is said of the circuit given in code too, not of a "built-in" one.
    const served = { nodes: { x: { sketch: 'iopin' }, buzzer: { host: '127.0.0.1', port: 8766 } } } as unknown as Circuit;
    await assert.rejects(startCircuit({ circuit: served, ticks: 1, delay: 0 }), /^UserError: bad circuit given in code: at nodes\.x: the iopin sketch serves, so the node needs a host and a port$/);
    assert.deepEqual(sink.events.filter((event) => event.event === 'board'), [], 'no board was opened');
  });

  it('a circuit given in code is told of a misspelt option and an unknown board as a file is, before anything opens', async () => {
    const sink = memorySink();
    const reporter = new EventReporter([sink]);
    const misspelt = { nodes: { iopin: { host: '127.0.0.1', port: 8765, options: { hodl: 0 } }, buzzer: { host: '127.0.0.1', port: 8766 } } } as unknown as Circuit;
    await assert.rejects(startCircuit({ circuit: misspelt, anyPorts: true, ticks: 1, delay: 0, reporter }), /^UserError: bad circuit given in code: at nodes\.iopin\.options: unknown key "hodl": did you mean "hold"\?$/);
    const unknownBoard = { board: 'unoo', nodes: { iopin: { host: '127.0.0.1', port: 8765 }, buzzer: { host: '127.0.0.1', port: 8766 } } };
    await assert.rejects(startCircuit({ circuit: unknownBoard, anyPorts: true, ticks: 1, delay: 0, reporter }), /^UserError: bad circuit given in code: at board: unknown board "unoo" \(did you mean uno\?\): choose one of /);
    assert.deepEqual(sink.events.filter((event) => event.event === 'board' || event.event === 'listening'), [], 'no board was opened, no node listened');
  });

  it('the options are typed as the docs list them: a board by its kind or address, a clock by its sketch (a misspelt one fails to compile)', () => {
    const boards: Array<RunOptions['board']> = ['mock', 'sim', 'sim-mega', 'uno', 'nano', 'mega', 'ws://127.0.0.1:8764', 'wss://pi.local:8764', 'tcp://10.0.0.7:3030'];
    // @ts-expect-error: no such board
    const misspelt: RunOptions['board'] = 'unoo';
    const clocks: Array<ClockRunOptions['sketch'] & CircuitOptions['clock']> = ['clock', 'button'];
    // @ts-expect-error: no such clock
    const notAClock: ClockRunOptions['sketch'] = 'iopin';
    // @ts-expect-error: no such clock
    const notAClockEither: CircuitOptions['clock'] = 'buton';
    assert.deepEqual([boards.length, clocks.length, misspelt, notAClock, notAClockEither], [9, 2, 'unoo', 'iopin', 'buton']);
  });

  it("a library call's advice names its options, not the command's flags: port and host, basePort, security.token, credentials.token", async () => {
    class Lamp extends Sketch {
      loop() {
        return 'on';
      }
    }
    await assert.rejects(serveNode({ name: 'lamp', sketch: Lamp }), /^UserError: node "lamp" is not in the circuit, so it needs a port: pass port \(and host\), or add "lamp" to the circuit$/);
    await assert.rejects(serveNode({ name: 'buzzer', host: '0.0.0.0', port: 0 }), /^UserError: refusing to serve buzzer on 0\.0\.0\.0 without a token: .*give it one \(security\.token; .*\), or listen on 127\.0\.0\.1 \(host\)$/);
    const wantsToken: Circuit = { nodes: { buzzer: { host: loopback, port: 8766, token: true }, iopin: { host: loopback, port: 8765 } } };
    await assert.rejects(serveNode({ name: 'buzzer', circuit: wantsToken, port: 0 }), /^UserError: the circuit says buzzer wants a token, and none was given: pass security\.token$/);
    await assert.rejects(startCircuit({ basePort: 65535, ticks: 1 }), /^UserError: the circuit's nodes do not fit from port 65535: .*; choose a lower basePort$/);
    await assert.rejects(
      serveNode({ name: 'buzzer', port: 0, serialPort: '/dev/ttyACM0' }),
      /^UserError: serialPort: '\/dev\/ttyACM0' is for a board on a serial port \(uno, nano or mega\), and no node of this run drives one \(buzzer on mock\): leave it out, or pass board: 'uno' as well/,
    );
    const iopinWantsToken: Circuit = { nodes: { iopin: { host: loopback, port: 8765, token: true } } };
    const clock = await startClock({ circuit: iopinWantsToken, options: { ticks: 1, delay: 0 } });
    await assert.rejects(clock.done, /^UserError: the circuit says iopin wants a token, and this process has none: pass credentials\.token with the same secret$/);
    await clock.stop();
  });

  it("a program gives its nodes the mesh's token as the command does: readToken from a file, security for the served, credentials for the clients", async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pinmesh-lib-token-')), 'mesh.token');
    await writeFile(file, `${randomBytes(32).toString('hex')}\n`);
    const token = await readToken({ tokenFile: file, env: {} });
    assert.ok(token instanceof Token);
    assert.equal(String(token), '[token]', 'it never prints its secret');
    assert.equal(await readToken({ env: {} }), undefined, 'neither a file nor PINMESH_TOKEN');
    const circuit: Circuit = { nodes: { iopin: { host: loopback, port: 8765, token: true }, buzzer: { host: loopback, port: 8766, token: true } } };
    const run = await startCircuit({ circuit, anyPorts: true, ticks: 2, delay: 0, security: { token }, credentials: { token }, overrides: (entry) => ('hold' in entry.options.shape ? { hold: 0 } : {}) });
    try {
      assert.equal((await run.done).acked, 2, 'the clock and the iopin presented it');
      const stranger = await tryUpgrade(`${run.nodes.get('iopin')!.url}/datafeed`);
      assert.ok('status' in stranger && stranger.status === 401, 'a client without it is refused');
    } finally {
      await run.stop();
    }
  });

  it('every registry entry knows how to start: served sketches and clocks alike', () => {
    for (const [name, entry] of Object.entries(builtInSketches)) assert.equal(typeof entry.start, 'function', `${name} starts`);
  });
});
