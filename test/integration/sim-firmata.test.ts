/**
 * The simulated Uno running the real StandardFirmata, driven through the real stack: firmata-io
 * directly, then johnny-five over firmata-io. One SimulatedUno for the whole file.
 *
 * No sleeps and no timing assertions: every step awaits an event with a generous deadline, so
 * the suite holds on a busy machine.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { PinObservation } from '../../src/boards/board.js';
import { BoardOfflineError } from '../../src/boards/board.js';
import { SimulatedUno, type ToneObservation } from '../../src/boards/sim/index.js';
import { bundledFirmwarePath } from '../../src/firmware/bundled-firmware.js';
import type { ByteTransport } from '../../src/serial/byte-transport.js';
import { compiled, nodeLoader } from '../support/compiled.js';

const require = createRequire(import.meta.url);
const root = `${resolve('.')}/`;
const manifest = JSON.parse(readFileSync(`${root}firmware/firmware.json`, 'utf8')) as {
  firmware: { name: string; version: string };
};

/** The slice of firmata-io's Board this file uses (firmata-io ships no types). */
interface FirmataBoard extends EventEmitter {
  isReady: boolean;
  firmware: { name: string; version: { major: number; minor: number } };
  version: { major: number; minor: number };
  pins: unknown[];
  MODES: { OUTPUT: number; PWM: number };
  pinMode(pin: number, mode: number): void;
  digitalWrite(pin: number, value: 0 | 1): void;
  analogWrite(pin: number, value: number): void;
}
const { Firmata } = require('firmata-io') as { Firmata: new (transport: ByteTransport) => FirmataBoard };

interface FiveBoard extends EventEmitter {
  isReady: boolean;
  io: FirmataBoard;
  pinMode(pin: number, mode: number): void;
  digitalWrite(pin: number, value: 0 | 1): void;
  analogWrite(pin: number, value: number): void;
}
const five = require('johnny-five') as {
  Board: new (options: { io: FirmataBoard; repl: boolean; sigint: boolean; debug: boolean }) => FiveBoard;
  Pin: { OUTPUT: number; PWM: number };
};

const DEADLINE_MS = 30_000;

/** Resolves with the first `event` whose payload passes `test`; rejects after `ms` with `what`. */
function next<T>(emitter: EventEmitter, event: string, test: (value: T) => boolean, what: string, ms = DEADLINE_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (value: T): void => {
      if (!test(value)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(value);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    emitter.on(event, listener);
  });
}

const pinIs = (uno: SimulatedUno, pin: number, value: 0 | 1) =>
  next<PinObservation>(uno, 'pin', (o) => o.pin === pin && o.value === value, `MCU pin ${pin} = ${value}`);
const toneIs = (uno: SimulatedUno, pin: number, on: boolean) =>
  next<ToneObservation>(uno, 'tone', (o) => o.pin === pin && o.on === on, `MCU tone ${on ? 'on' : 'off'} on pin ${pin}`);

/** The digital-write and PWM checks, the same whichever driver writes. */
function drivesPins(label: string, uno: () => SimulatedUno, driver: () => FirmataBoard | FiveBoard, transport: () => ByteTransport): void {
  it(`${label}: digitalWrite(13) shows as MCU pin 13 going 1 then 0`, async () => {
    const board = driver();
    board.pinMode(13, five.Pin.OUTPUT);
    const high = pinIs(uno(), 13, 1);
    board.digitalWrite(13, 1);
    await transport().flush();
    const up = await high;
    assert.equal(up.source, 'mcu');
    assert.equal(uno().pinLevel(13), 1);

    const low = pinIs(uno(), 13, 0);
    board.digitalWrite(13, 0);
    const down = await low;
    assert.ok(down.at > up.at, 'simulated time moves forward');
    assert.equal(uno().pinLevel(13), 0);
  });

  it(`${label}: analogWrite(3, 128) sounds a ~490 Hz tone, analogWrite(3, 0) silences it`, async () => {
    const board = driver();
    const seen: PinObservation[] = [];
    const record = (o: PinObservation): void => void (o.pin === 3 && seen.push(o));
    uno().on('pin', record);
    try {
      board.pinMode(3, five.Pin.PWM);
      const on = toneIs(uno(), 3, true);
      board.analogWrite(3, 128);
      const sounding = await on;
      assert.equal(sounding.source, 'mcu');
      assert.ok(sounding.frequency !== undefined, 'the frequency is measured');
      assert.ok(sounding.frequency >= 480 && sounding.frequency <= 500, `frequency ${sounding.frequency} Hz`);

      const off = toneIs(uno(), 3, false);
      board.analogWrite(3, 0);
      const silent = await off;
      assert.ok(silent.at > sounding.at);
      assert.equal(uno().pinLevel(3), 0);
      assert.deepEqual(seen, [], 'PWM edges are not reported as pin changes');
    } finally {
      uno().off('pin', record);
    }
  });
}

describe('simulated Uno running StandardFirmata', { timeout: 180_000 }, () => {
  let uno: SimulatedUno;

  before(async () => {
    assert.ok(existsSync(bundledFirmwarePath()), `firmware missing: run npx pinmesh firmware fetch (${bundledFirmwarePath()})`);
    uno = new SimulatedUno();
    await uno.start();
  });

  after(() => uno?.stop());

  describe('through firmata-io', () => {
    let transport: ByteTransport;
    let board: FirmataBoard;

    before(async () => {
      transport = await uno.openTransport();
      board = new Firmata(transport);
      await next(board, 'ready', () => true, 'firmata-io ready');
    });

    after(async () => {
      await transport?.close();
    });

    it('reaches ready and reports the firmware name and version', () => {
      assert.equal(board.isReady, true);
      assert.equal(board.firmware.name, manifest.firmware.name);
      assert.equal(`${board.firmware.version.major}.${board.firmware.version.minor}`, manifest.firmware.version);
      assert.equal(`${board.version.major}.${board.version.minor}`, manifest.firmware.version);
      assert.equal(board.pins.length, 20, 'an Uno has 20 pins');
    });

    drivesPins('firmata-io', () => uno, () => board, () => transport);
  });

  describe('through johnny-five', () => {
    let transport: ByteTransport;
    let board: FiveBoard;

    before(async () => {
      transport = await uno.openTransport();
      const io = new Firmata(transport);
      board = new five.Board({ io, repl: false, sigint: false, debug: false });
      await next(board, 'ready', () => true, 'johnny-five ready');
    });

    after(async () => {
      await transport?.close();
    });

    it('reaches ready and reports the firmware name and version', () => {
      assert.equal(board.isReady, true);
      assert.equal(board.io.firmware.name, manifest.firmware.name);
      assert.equal(`${board.io.firmware.version.major}.${board.io.firmware.version.minor}`, manifest.firmware.version);
    });

    drivesPins('johnny-five', () => uno, () => board, () => transport);
  });

  describe('the USB cable', () => {
    it('unplug closes the transport, drops writes and refuses to open; plug restores', async () => {
      const transport = await uno.openTransport();
      const board = new Firmata(transport);
      await next(board, 'ready', () => true, 'firmata-io ready before unplug');
      board.digitalWrite(13, 1);
      await pinIs(uno, 13, 1).catch(() => assert.fail('pin 13 never went high'));

      const closed = next<unknown>(transport, 'close', () => true, "transport 'close' on unplug");
      const dark = pinIs(uno, 13, 0);
      uno.unplug();
      const reason = await closed;
      assert.ok(reason instanceof BoardOfflineError, 'close says why');
      await dark; // no power, no LED
      assert.equal(transport.isOpen, false);
      assert.equal(transport.write([0x90, 0x00, 0x00]), false, 'writes are dropped');
      await assert.rejects(transport.flush(), BoardOfflineError);
      await assert.rejects(uno.openTransport(), (error: Error) => {
        assert.ok(error instanceof BoardOfflineError);
        assert.match(error.message, /unplugged/);
        return true;
      });

      await uno.plug();
      const again = await uno.openTransport();
      const board2 = new Firmata(again);
      await next(board2, 'ready', () => true, 'firmata-io ready after plug');
      assert.equal(board2.firmware.name, manifest.firmware.name);
      await again.close();
    });
  });
});

describe('stopping the simulated Uno', { timeout: 120_000 }, () => {
  it('lets the process exit on its own', async () => {
    // A child process boots a board, opens it, hears the firmware, stops it and then simply
    // ends its script: it must exit by itself (nothing left holding the event loop).
    const script = `
      import { SimulatedUno } from ${JSON.stringify(pathToFileURL(compiled('src/boards/sim/index.ts')).href)};
      const uno = new SimulatedUno();
      const transport = await uno.openTransport();
      await new Promise((resolve) => transport.once('data', resolve));
      await uno.stop();
      console.log('stopped');
    `;
    const child = spawn(process.execPath, [...nodeLoader, '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    clearTimeout(deadline);
    assert.equal(signal, null, `the child had to be killed: it did not exit after stop()\n${output}`);
    assert.equal(code, 0, output);
    assert.match(output, /stopped/);
  });
});
