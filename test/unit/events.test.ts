import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { defineEvents } from '../../src/report/event-lines.js';
import type { CoreEventName, EventOf, PinmeshEvent } from '../../src/report/events.js';
import { EventReporter } from '../../src/report/events.js';
import { humanLine } from '../../src/report/human-line.js';
import { LineWriter } from '../../src/report/line-writer.js';
import { humanSink, jsonSink } from '../../src/report/sinks.js';
import { compiled, nodeLoader } from '../support/compiled.js';

/**
 * One of every event of pinmesh's own, and the line a person reads for it (the article's style);
 * undefined for an event the human output leaves out. The article's sketches' and the devices'
 * events are theirs: test/unit/sketch-events.test.ts.
 */
const catalogue: { [K in CoreEventName]: Array<[EventOf<K>, string | undefined]> } = {
  connecting: [[{ event: 'connecting', kind: 'uno', port: '/dev/ttyACM0', hint: 'the Uno resets when its port opens, about 2 s' }, 'connecting to /dev/ttyACM0 — the Uno resets when its port opens, about 2 s…']],
  board: [[{ event: 'board', kind: 'sim', firmware: 'StandardFirmata.ino', version: '2.4', port: 'simulated ATmega328P' }, 'StandardFirmata.ino 2.4 on simulated ATmega328P (sim)']],
  online: [[{ event: 'online', kind: 'uno', firmware: 'StandardFirmata.ino', version: '2.5', port: '/dev/ttyACM0' }, 'board back online: StandardFirmata.ino 2.5 on /dev/ttyACM0 (uno)']],
  offline: [[{ event: 'offline', reason: 'the link to /dev/ttyACM0 closed' }, 'board offline: the link to /dev/ttyACM0 closed']],
  closed: [
    [{ event: 'closed', kind: 'sim', outputs: 'low', piezo: true }, 'outputs driven LOW, piezo silent, board released'],
    [{ event: 'closed', kind: 'sim', outputs: 'low', piezo: false }, 'outputs driven LOW, board released'],
    [{ event: 'closed', kind: 'uno', outputs: 'unreachable', piezo: false }, 'the board was offline: its outputs could not be driven LOW (check it), board released'],
    // A recording made before `outputs` and `piezo` were said: its line as it was.
    [{ event: 'closed', kind: 'sim' }, 'outputs driven LOW, piezo silent, board released'],
  ],
  warning: [[{ event: 'warning', warning: 'could not make an output safe: gone' }, 'could not make an output safe: gone']],
  listening: [[{ event: 'listening', host: '127.0.0.1', port: 8765, url: 'ws://127.0.0.1:8765' }, 'serving on ws://127.0.0.1:8765']],
  connected: [[{ event: 'connected', channel: '/datafeed' }, 'new client connected, path=/datafeed']],
  replied: [
    [{ event: 'replied', channel: '/datafeed', ok: true }, undefined],
    [{ event: 'replied', channel: '/datafeed', ok: false }, undefined],
  ],
  disconnected: [[{ event: 'disconnected', channel: '/iopin', code: 1000 }, 'done processing messages on /iopin (1000)']],
  waiting: [
    [{ event: 'waiting', peer: 'buzzer' }, 'waiting for buzzer'],
    [{ event: 'waiting', peer: 'buzzer', url: 'ws://127.0.0.1:8766/iopin', attempt: 1, reason: 'ECONNREFUSED' }, 'waiting for buzzer at ws://127.0.0.1:8766/iopin (ECONNREFUSED, attempt 1)'],
    [{ event: 'waiting', peer: 'buzzer', url: '', attempt: 1, reason: 'buzzer has not announced itself on mqtt://10.0.0.1:1883 (fleet default)' }, 'waiting for buzzer (buzzer has not announced itself on mqtt://10.0.0.1:1883 (fleet default), attempt 1)'],
    // The retries that follow say nothing new to a person: one line per wait (--json has each attempt).
    [{ event: 'waiting', peer: 'buzzer', url: 'ws://127.0.0.1:8766/iopin', attempt: 2, reason: 'ECONNREFUSED' }, undefined],
  ],
  broker: [
    [{ event: 'broker', broker: 'mqtt://10.0.0.1:1883', state: 'connected' }, 'connected to the broker mqtt://10.0.0.1:1883'],
    [{ event: 'broker', broker: 'mqtt://10.0.0.1:1883', state: 'lost', reason: 'the connection closed' }, 'lost the broker mqtt://10.0.0.1:1883 (the connection closed): carrying on with the addresses known, reconnecting'],
    [{ event: 'broker', broker: 'mqtt://alice@10.0.0.1:1883', state: 'unreachable', reason: 'ECONNREFUSED' }, 'the broker mqtt://alice@10.0.0.1:1883 is not reachable (ECONNREFUSED): carrying on without it, retrying'],
    [
      { event: 'broker', broker: 'mqtt://alice@10.0.0.1:1883', state: 'refused', reason: 'the broker mqtt://alice@10.0.0.1:1883 refused the login of user "alice" (Not authorized): check …' },
      'the broker mqtt://alice@10.0.0.1:1883 refused the login of user "alice" (Not authorized): check …; carrying on without it, trying again every 30 s',
    ],
  ],
  announced: [
    [{ event: 'announced', topic: 'pinmesh/v1/default/buzzer', url: 'ws://10.0.0.3:8766' }, 'announced on pinmesh/v1/default/buzzer (ws://10.0.0.3:8766)'],
    [{ event: 'announced', topic: 'pinmesh/v1/default/clock' }, 'announced on pinmesh/v1/default/clock'],
  ],
  found: [
    [{ event: 'found', peer: 'buzzer', url: 'ws://10.0.0.3:8766' }, 'found buzzer at ws://10.0.0.3:8766'],
    [{ event: 'found', peer: 'buzzer', url: 'ws://10.0.0.4:8766', previous: 'ws://10.0.0.3:8766' }, 'buzzer moved: ws://10.0.0.3:8766 → ws://10.0.0.4:8766'],
  ],
  pin: [[{ event: 'pin', pin: 13, value: 1, at: 1234.5, source: 'mcu' }, 'pin 13 → HIGH (observed on the MCU)']],
  pwm: [[{ event: 'pwm', pin: 5, duty: 128, frequency: 976.6, at: 1, source: 'mcu' }, 'pin 5 PWM at 50 % (977 Hz) (observed on the MCU)']],
  input: [
    [{ event: 'input', pin: 2, mode: 'digital', value: 0, at: 1, source: 'host' }, 'pin 2 input → LOW'],
    [{ event: 'input', pin: 14, mode: 'analog', value: 512, at: 1, source: 'mcu' }, 'pin 14 analog input 512 (observed on the MCU)'],
    // The same reading again, a sampling interval later: --json has it, a person is not told.
    [{ event: 'input', pin: 14, mode: 'analog', value: 512, at: 20, source: 'mcu', unchanged: true }, undefined],
  ],
  servo: [
    [{ event: 'servo', pin: 9, degrees: 90, pulseUs: 1472, at: 1, source: 'mcu' }, 'servo on pin 9 → 90° (1472 µs pulses) (observed on the MCU)'],
    [{ event: 'servo', pin: 9, at: 1, source: 'host' }, 'servo on pin 9 detached: no pulses, holding no position'],
  ],
  keys: [
    [{ event: 'keys', pin: 2, tty: true }, 'press space or Enter to press the simulated button on pin 2 (Ctrl-C to stop)'],
    [{ event: 'keys', pin: 2, tty: false }, 'stdin is not a terminal: no keys press the simulated button on pin 2'],
  ],
  serial: [
    [{ event: 'serial', path: '/tmp/pinmesh-uno', pty: '/dev/pts/7' }, 'simulated Uno on serial port /tmp/pinmesh-uno (→ /dev/pts/7); use it with --board uno --serial-port /tmp/pinmesh-uno'],
    [
      { event: 'serial', path: '/tmp/pinmesh-uno', pty: '/dev/pts/7', bootloader: true },
      'simulated Uno on serial port /tmp/pinmesh-uno (→ /dev/pts/7); use it with --board uno --serial-port /tmp/pinmesh-uno, or flash it with pinmesh flash --serial-port /tmp/pinmesh-uno',
    ],
    [
      { event: 'serial', path: '/tmp/pinmesh-mega', pty: '/dev/pts/8', board: 'mega', bootloader: true },
      'simulated Mega 2560 on serial port /tmp/pinmesh-mega (→ /dev/pts/8); use it with --board mega --serial-port /tmp/pinmesh-mega, or flash it with pinmesh flash --board mega --serial-port /tmp/pinmesh-mega',
    ],
  ],
  client: [
    [{ event: 'client', action: 'opened', path: '/tmp/pinmesh-uno' }, 'a client opened /tmp/pinmesh-uno: the simulated Uno resets, as DTR resets a real Uno'],
    [{ event: 'client', action: 'closed', path: '/tmp/pinmesh-uno' }, 'the client closed /tmp/pinmesh-uno; the simulated Uno runs on'],
    [{ event: 'client', action: 'opened', path: '/tmp/pinmesh-mega', board: 'mega' }, 'a client opened /tmp/pinmesh-mega: the simulated Mega 2560 resets, as DTR resets a real Mega 2560'],
    [{ event: 'client', action: 'closed', path: '/tmp/pinmesh-mega', board: 'mega' }, 'the client closed /tmp/pinmesh-mega; the simulated Mega 2560 runs on'],
  ],
  tcp: [[{ event: 'tcp', url: 'tcp://127.0.0.1:3030' }, 'simulated Uno on TCP port 127.0.0.1:3030 (Firmata over TCP); use it with --board tcp://127.0.0.1:3030']],
  'tcp-client': [
    [{ event: 'tcp-client', action: 'opened', remote: '127.0.0.1:50312' }, 'a client connected from 127.0.0.1:50312: the simulated Uno resets'],
    [{ event: 'tcp-client', action: 'closed', remote: '127.0.0.1:50312' }, 'the client 127.0.0.1:50312 went away; the simulated Uno runs on'],
    [{ event: 'tcp-client', action: 'refused', remote: '127.0.0.1:50313' }, "refused 127.0.0.1:50313: another client holds the simulated Uno's serial line"],
    [{ event: 'tcp-client', action: 'opened', remote: '127.0.0.1:50314', board: 'mega' }, 'a client connected from 127.0.0.1:50314: the simulated Mega 2560 resets'],
  ],
  auth: [
    [{ event: 'auth', remote: '127.0.0.1', status: 403, reason: 'origin', origin: 'http://evil.example' }, 'refused 127.0.0.1: origin "http://evil.example" is not allowed (allow it with --allow-origin; security.allowOrigins in a program)'],
    [{ event: 'auth', remote: '127.0.0.1', status: 403, reason: 'origin', origin: 'http://evil.example', advice: 'only the page the view serves may use its feed and controls' }, 'refused 127.0.0.1: origin "http://evil.example" is not allowed (only the page the view serves may use its feed and controls)'],
  ],
  limit: [
    [{ event: 'limit', limit: 'connections', max: 64, remote: '127.0.0.1' }, 'refused 127.0.0.1: already 64 clients connected'],
    [{ event: 'limit', limit: 'queued', max: 256, remote: '127.0.0.1', channel: '/iopin' }, 'closed 127.0.0.1 on /iopin: more than 256 frames waiting for replies'],
  ],
  view: [
    [{ event: 'view', url: 'http://127.0.0.1:8780/', signIn: false }, 'live view on http://127.0.0.1:8780/'],
    [{ event: 'view', url: 'http://127.0.0.1:8780/', signIn: true }, 'live view on http://127.0.0.1:8780/ (sign in with the one-time link printed on stderr, or the mesh token)'],
  ],
  log: [[{ event: 'log', text: 'hello from my sketch' }, 'hello from my sketch']],
  error: [
    [{ event: 'error', scope: 'loop', channel: '/desk', message: 'on', error: 'the sketch broke' }, 'loop failed on /desk for "on": the sketch broke'],
    [{ event: 'error', scope: 'loop', channel: '/desk', message: 'on', error: 'the sketch broke', at: 'lamp.ts:12:9' }, 'loop failed on /desk for "on" at lamp.ts:12:9: the sketch broke'],
    [{ event: 'error', scope: 'clock', tick: 3, reply: 'error: buzzer is not reachable', error: 'error: buzzer is not reachable' }, '< error: buzzer is not reachable'],
    // The clock's end is thrown as well, and the command prints it once: no line of its own.
    [{ event: 'error', scope: 'clock', error: 'iopin is not reachable at ws://127.0.0.1:8765/datafeed' }, undefined],
    [{ event: 'error', scope: 'connection', channel: '/x', error: 'Invalid frame' }, 'connection on /x: Invalid frame'],
  ],
  stopping: [
    [{ event: 'stopping', signal: 'SIGINT', outputs: true }, 'SIGINT: stopping, driving outputs LOW'],
    // A clock, a replay: no board, no outputs to drive.
    [{ event: 'stopping', signal: 'SIGINT', outputs: false }, 'SIGINT: stopping'],
  ],
};

describe("events: one typed catalogue for the human output, the JSON output and the tests (pinmesh's own)", () => {
  for (const [name, examples] of Object.entries(catalogue)) {
    it(`${name}: its human line`, () => {
      for (const [event, line] of examples) assert.equal(humanLine(event), line);
    });
  }

  it('the JSON line carries node, event, time, the human text and the fields; the human line is prefixed with the node', () => {
    const json: string[] = [];
    const human: string[] = [];
    new EventReporter([jsonSink((line) => json.push(line)), humanSink((line) => human.push(line))]).report('iopin', { event: 'pin', pin: 13, value: 1, at: 5, source: 'host' });
    const parsed = JSON.parse(json[0]!);
    assert.deepEqual(Object.keys(parsed), ['node', 'event', 'time', 'text', 'pin', 'value', 'at', 'source']);
    assert.equal(parsed.text, 'pin 13 → HIGH');
    assert.ok(!Number.isNaN(Date.parse(parsed.time)));
    assert.deepEqual(human, ['[ iopin ] pin 13 → HIGH']);
  });

  it('an event without a human line (replied) goes out in JSON, without text, and the human output leaves it out', () => {
    const json: string[] = [];
    const human: string[] = [];
    new EventReporter([jsonSink((line) => json.push(line)), humanSink((line) => human.push(line))]).report('desk', { event: 'replied', channel: '/desk', ok: false });
    const { time, ...rest } = JSON.parse(json[0]!);
    assert.ok(!Number.isNaN(Date.parse(time)));
    assert.deepEqual(rest, { node: 'desk', event: 'replied', channel: '/desk', ok: false });
    assert.deepEqual(human, []);
  });

  it('an event nobody gave a line to is printed as its name and its fields', () => {
    const unlined = { event: 'nobody-defined-this', pin: 4, note: 'a' } as unknown as PinmeshEvent;
    assert.equal(humanLine(unlined), 'nobody-defined-this {"pin":4,"note":"a"}');
    assert.equal(humanLine({ event: 'also-undefined', node: 'x', time: 't' } as unknown as PinmeshEvent), 'also-undefined');
  });

  it("pinmesh's own events keep their lines: a module cannot define one of them again", () => {
    assert.throws(() => defineEvents({ error: () => 'mine' }), /the event "error" is one of pinmesh's own: give your event another name/);
    assert.equal(humanLine({ event: 'error', scope: 'command', error: 'still the core line' }), 'still the core line');
  });

  it('flush() reaches every sink that gathers, so a program can send its lines on when it chooses', () => {
    const flushed: string[] = [];
    const reporter = new EventReporter([{ write: () => undefined, flush: () => flushed.push('gathering sink') }, { write: () => undefined }]);
    reporter.flush();
    assert.deepEqual(flushed, ['gathering sink']);
  });

  for (const [how, args] of [['handed on as written', []], ['gathered over a 5 ms window', ['5']]] as const) {
    it(`lines reach the reader while the writer is open (${how}): at once after a quiet spell, and those that follow close behind`, async () => {
      const child = spawn(process.execPath, [...nodeLoader, compiled('test/fixtures/line-trickle.ts'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const next = async () => (await lines.next()).value as string;
      assert.equal(await next(), 'line 0');
      for (let round = 0; round < 3; round++) {
        child.stdin.write('more\n');
        assert.deepEqual([await next(), await next()], [`line ${1 + 2 * round}`, `line ${2 + 2 * round}`]);
      }
      child.stdin.end('exit\n');
      const [code] = await once(child, 'close');
      assert.equal(code, 0);
    });
  }

  it('a writer given a format turns each item into its line when it writes it: in order, and an item it cannot format is counted as dropped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-lines-'));
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    const writer = new LineWriter<{ n: number }>({ fd, format: ({ n }) => {
      if (n === 2) throw new Error('cannot format this one');
      return `item ${n}`;
    } });
    for (let n = 0; n < 5; n++) writer.write({ n });
    await writer.close();
    assert.equal(await readFile(file, 'utf8'), 'item 0\nitem 1\nitem 3\nitem 4\n');
    assert.equal(writer.dropped, 1);
    await rm(dir, { recursive: true, force: true });
  });

  it('a writer gathering lines over a window formats the lines written in a turn at its end, not a whole window\'s at once when they are handed on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-lines-'));
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    let formatted = 0;
    const writer = new LineWriter<{ n: number }>({ fd, gatherMs: 60_000, format: ({ n }) => {
      formatted++;
      return `item ${n}`;
    } });
    // Each turn's lines are formatted at its end, whether they are handed on then or wait for the window's end.
    for (let turn = 0; turn < 3; turn++) {
      for (let n = 2 * turn; n < 2 * turn + 2; n++) writer.write({ n });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(formatted, 2 * turn + 2, `turn ${turn}: its lines formatted at its end`);
    }
    await writer.close();
    assert.equal(await readFile(file, 'utf8'), [0, 1, 2, 3, 4, 5].map((n) => `item ${n}\n`).join(''));
    await rm(dir, { recursive: true, force: true });
  });

  it('a writer gathering lines hands a few turns on as they happen after a quiet spell; past sixteen turns in a window, the lines wait for its end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-lines-'));
    const file = join(dir, 'out.txt');
    const writer = new LineWriter({ fd: openSync(file, 'w'), gatherMs: 60_000 });
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    for (let n = 0; n < 16; n++) {
      writer.write(`turn ${n}`);
      await turn();
      assert.equal(writer.handedOn, n + 1, `turn ${n} of a start (board, listening, the first tick…): its line is on its way at the end of the turn`);
    }
    writer.write('turn 16');
    writer.write('turn 16, again');
    await turn();
    assert.equal(writer.handedOn, 16, 'a steady flow: the seventeenth turn waits for the window, gathered with what follows');
    await writer.close();
    assert.equal(writer.handedOn, 17);
    assert.equal(await readFile(file, 'utf8'), [...Array.from({ length: 17 }, (_, n) => `turn ${n}\n`), 'turn 16, again\n'].join(''));
    await rm(dir, { recursive: true, force: true });
  });

  it('a reader slower than the node: lines beyond the buffer are dropped and counted, never blocking, and the rest arrive whole and in order', async () => {
    const count = 20_000;
    const child = spawn(process.execPath, [...nodeLoader, compiled('test/fixtures/line-flood.ts'), String(count), String(64 * 1024)], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.pause(); // nobody reads stdout until the writer is done writing
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    while (!stderr.includes('wrote')) await once(child.stderr, 'data');
    const received: string[] = [];
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      received.push(...lines);
    });
    child.stdout.resume();
    child.stdin.end('exit\n');
    const [code] = await once(child, 'close');
    assert.equal(code, 0, stderr);
    const dropped = Number(/dropped (\d+)/.exec(stderr)?.[1]);
    assert.ok(dropped > 0, 'the slow reader made the writer drop lines');
    assert.equal(received.length + dropped, count, 'every line either arrived or was counted as dropped');
    const numbers = received.map((line) => Number(/^line (\d+) x+$/.exec(line)?.[1]));
    assert.ok(numbers.every((n, i) => Number.isInteger(n) && (i === 0 || n > numbers[i - 1]!)), 'whole lines, in order');
  });
});
