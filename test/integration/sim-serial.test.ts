/**
 * The simulated Uno on a serial port (a pseudo-terminal made by socat), used as a real Uno is:
 * `pinmesh circuit --board uno --serial-port PTY --clock button` runs the article's circuit through
 * serialport (its lock, the reset on open, unplug detection), johnny-five and firmata-io, against
 * the real StandardFirmata, ticked by presses of a simulated push button on pin 2. And `pinmesh sim
 * --serial` serves it to any client until Ctrl-C.
 */
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buttonPressOn } from '../../src/boards/sim/button-press.js';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { createUnoBoard } from '../../src/boards/uno-board.js';
import { RunSession, serveNode, startClock } from '../../src/index.js';
import { SerialBridge } from '../../src/sim-serial/serial-bridge.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { freeCircuitFile, freePort, hasNoStackTrace, runCli, startCli } from '../support/cli.js';

const skip = findSocat() ? false : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
const newLink = async () => join(await mkdtemp(join(tmpdir(), 'pinmesh-pty-')), 'uno');

/** The MCU's level of `pin` once it shows `value`, or as it stands after `ms`. */
function levelWithin(uno: SimulatedUno, pin: number, value: 0 | 1, ms: number): Promise<0 | 1> {
  if (uno.pinLevel(pin) === value) return Promise.resolve(value);
  return new Promise((resolve) => {
    const settle = () => {
      clearTimeout(timer);
      uno.off('level', seen);
      resolve(uno.pinLevel(pin));
    };
    const seen = (changed: number, level: 0 | 1) => changed === pin && level === value && settle();
    const timer = setTimeout(settle, ms);
    uno.on('level', seen);
  });
}

describe('the simulated Uno behind a serial port, driven as a real Uno', { skip, timeout: 120_000 }, () => {
  let uno: SimulatedUno;
  let bridge: SerialBridge;
  let link: string;

  before(async () => {
    uno = new SimulatedUno();
    link = await newLink();
    bridge = new SerialBridge(uno, { link });
    await bridge.start();
  });
  after(async () => {
    await bridge.close();
    uno.stop();
  });

  it('pinmesh circuit --board uno --clock button: each press is a tick; the port pulled mid-run goes offline and comes back by itself; a second program is told the port is busy', async () => {
    const circuit = await freeCircuitFile();
    const button = buttonPressOn(uno);
    const led: Array<0 | 1> = [];
    uno.on('pin', (observation) => observation.pin === 13 && led.push(observation.value));
    const cli = startCli(['circuit', '--board', 'uno', '--serial-port', link, '--clock', 'button', '--presses', '2', '--chance', '0', '--sequence', '1', '--hold', '0', '--json', '--circuit', circuit.path]);
    const armed = await cli.waitForEvent((e) => e.event === 'armed');
    assert.deepEqual([armed.node, armed.pin, armed.target, armed.presses], ['clock', 2, 'iopin', 2]);

    await button.tap(2);
    await cli.waitForEvent((e) => e.event === 'ack' && e.node === 'clock' && e.tick === 0);
    assert.ok(led.includes(1), 'the bit 1 lit pin 13 on the MCU, through the serial port');

    const second = await runCli(['probe', '--board', 'uno', '--serial-port', link]);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, new RegExp(`Serial port ${link} is in use by pinmesh circuit \\(pid ${cli.child.pid}\\)\\. Only one program .*close the other one`));
    assert.ok(hasNoStackTrace(second.stderr), second.stderr);

    const offline = cli.waitForEvent((e) => e.event === 'offline');
    await bridge.unplug();
    await offline;
    const online = cli.waitForEvent((e) => e.event === 'online');
    await bridge.plug();
    await online;

    const pressed = cli.waitForEvent((e) => e.event === 'button' && e.pressed === true && e.node === 'clock');
    await button.tap(2);
    await pressed;
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    const ticks = cli.events().filter((e) => e.node === 'clock' && (e.event === 'tick' || e.event === 'ack')).map((e) => `${e.event} ${e.tick}`);
    assert.deepEqual(ticks, ['tick 0', 'ack 0', 'tick 1', 'ack 1']);
    assert.deepEqual(cli.events().filter((e) => e.event === 'done').map((e) => [e.acked, e.ticks]), [[2, 2]]);
  });

  it('Ctrl-C with the port already pulled: the stop promises no outputs driven LOW, and the closing line says they could not be', async () => {
    const cli = startCli(['buzzer', '--board', 'uno', '--serial-port', link, '--host', '127.0.0.1', '--port', String(await freePort())]);
    try {
      await cli.waitForLine((line) => line.includes('serving on'));
      const offline = cli.waitForLine((line) => line.includes('board offline'));
      await bridge.unplug();
      await offline;
      cli.child.kill('SIGINT');
      const result = await cli.exited;
      assert.equal(result.code, 130, result.stderr);
      const stop = cli.lines.slice(cli.lines.findIndex((line) => line.includes('SIGINT')));
      assert.deepEqual(stop, ['[ pinmesh ] SIGINT: stopping', '[ board ] the board was offline: its outputs could not be driven LOW (check it), board released']);
    } finally {
      await bridge.plug();
    }
  });

  it('a program serving the buzzer, then the iopin, on the Uno in one session opens its port once: both drive it, and a clock ticks them', async () => {
    const session = new RunSession();
    const onUno = { session, board: 'uno', serialPort: link } as const;
    try {
      const buzzer = await serveNode({ ...onUno, name: 'buzzer', port: 0 });
      // Before, the second call was refused: "Serial port … is in use by this program".
      const iopin = await serveNode({ ...onUno, name: 'iopin', port: 0, options: { hold: 0 } });
      assert.equal(iopin.board, buzzer.board);
      const clock = await startClock({ session, options: { ticks: 2, delay: 0 } });
      assert.equal((await clock.done).acked, 2);
    } finally {
      await session.close(); // both nodes, then the board
    }
    // close() confirms its LOW left the host, as over a real Uno's USB; the MCU reads it off the pty a moment later.
    assert.equal(await levelWithin(uno, 13, 0, 5_000), 0, 'the iopin\'s LED LOW once stopped');
  });
});

describe('pinmesh sim --serial', { skip, timeout: 120_000 }, () => {
  it('serves the simulated Uno at a path until Ctrl-C: a client resets it on open and drives its pins; the path is removed at the end', async () => {
    const link = await newLink();
    const sim = startCli(['sim', '--serial', '--link', link, '--json']);
    try {
      const serial = await sim.waitForEvent((e) => e.event === 'serial');
      assert.equal(serial.path, link);
      const keys = await sim.waitForEvent((e) => e.event === 'keys');
      assert.deepEqual([keys.pin, keys.tty], [2, false], 'no terminal here: no keys, and it says so');

      const board = await createUnoBoard({ serialPort: link });
      const identity = await board.ready();
      assert.equal(identity.firmware, 'StandardFirmata.ino');
      await sim.waitForEvent((e) => e.event === 'client' && e.action === 'opened');
      const lit = sim.waitForEvent((e) => e.event === 'pin' && e.pin === 13 && e.value === 1 && e.source === 'mcu');
      await board.digitalWrite(13, 1);
      await lit;
      await board.close();
      await sim.waitForEvent((e) => e.event === 'client' && e.action === 'closed');
    } catch (error) {
      // A simulator left running would hold this file's process, and the whole suite, for ever.
      sim.child.kill('SIGKILL');
      throw error;
    }

    sim.child.kill('SIGINT');
    const result = await sim.exited;
    assert.equal(result.code, 130, result.stderr);
    await assert.rejects(lstat(link), { code: 'ENOENT' }, 'the port is gone');
  });

  it('is listed by pinmesh ports in another terminal, marked simulated, while it runs, wherever its --link put it', async () => {
    // Its own runtime folder, where the simulator leaves its note and pinmesh ports reads it.
    const env = { XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) };
    const link = await newLink();
    const simulatorIn = async (): Promise<Record<string, unknown> | undefined> => {
      const listed = await startCli(['ports', '--json'], env).exited;
      assert.equal(listed.code, 0, listed.stderr);
      return (JSON.parse(listed.stdout) as Array<Record<string, unknown>>).find((port) => port.path === link);
    };
    const sim = startCli(['sim', '--serial', '--link', link, '--json'], env);
    try {
      assert.equal((await sim.waitForEvent((e) => e.event === 'serial')).path, link);
      assert.deepEqual(await simulatorIn(), { path: link, manufacturer: null, vendorId: null, productId: null, serialNumber: null, likelyArduino: false, label: 'simulated Uno (pinmesh sim)', board: null, simulated: true });
    } catch (error) {
      sim.child.kill('SIGKILL');
      throw error;
    }
    sim.child.kill('SIGINT');
    assert.equal((await sim.exited).code, 130);
    assert.equal(await simulatorIn(), undefined, 'a simulator that stopped is not listed');
  });

  it('a command that finds no board, or no port at the path given, names it, and never takes it for a board', async () => {
    const env = { XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) };
    const link = await newLink();
    const advice = `pinmesh sim serves a simulated Uno at ${link}: pass --serial-port ${link}.`;
    const sim = startCli(['sim', '--serial', '--link', link, '--json'], env);
    try {
      await sim.waitForEvent((e) => e.event === 'serial');
      const missing = join(tmpdir(), 'pinmesh-no-such-port');
      for (const args of [['probe', '--serial-port', missing], ['flash', '--serial-port', missing]]) {
        const result = await startCli(args, env).exited;
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, new RegExp(`^pinmesh: Serial port ${missing.replace(/[.\\/]/g, '\\$&')} does not exist\\.`), args[0]);
        assert.ok(result.stderr.includes(advice), `${args[0]}: ${result.stderr}`);
      }
      // Left to find the Uno: a real one would be picked; the simulated one never is, only named.
      const found = await startCli(['probe'], env).exited;
      if (/No serial port/.test(found.stderr)) assert.ok(found.stderr.includes(advice), found.stderr);
      assert.doesNotMatch(found.stdout, /StandardFirmata/, 'the simulator was not probed');
    } catch (error) {
      sim.child.kill('SIGKILL');
      throw error;
    }
    // Killed (kill -9), it leaves its note behind; a note whose process is gone is no advice, and the
    // command that read it removed it.
    sim.child.kill('SIGKILL');
    await sim.exited;
    assert.equal((await readdir(join(env.XDG_RUNTIME_DIR, 'pinmesh-sim'))).length, 1, 'the dead note is there');
    const afterwards = await startCli(['probe', '--serial-port', join(tmpdir(), 'pinmesh-no-such-port')], env).exited;
    assert.match(afterwards.stderr, /does not exist/);
    assert.doesNotMatch(afterwards.stderr, /pinmesh sim serves/, afterwards.stderr);
    assert.deepEqual(await readdir(join(env.XDG_RUNTIME_DIR, 'pinmesh-sim')), [], 'the dead note was removed by the probe that read it');
  });

  it('pinmesh flash into it, started without --bootloader, is told at once to start it with --bootloader, not to press a reset button', async () => {
    const link = await newLink();
    const runtime = { XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) };
    const sim = startCli(['sim', '--serial', '--link', link, '--json'], runtime);
    try {
      await sim.waitForEvent((e) => e.event === 'serial');
      const flashed = await startCli(['flash', '--serial-port', link], runtime).exited;
      assert.equal(flashed.code, 1);
      assert.match(flashed.stderr, /^pinmesh: Cannot flash \S+: it is pinmesh sim's simulated Uno \(pid \d+\), started without a bootloader/);
      // Its note says what it is, so no bootloader is waited for (that took 14 s: two baud rates).
      assert.doesNotMatch(flashed.stdout + flashed.stderr, /Flashing|no bootloader answered at/, 'the flash did not start');
      assert.ok(flashed.stderr.includes(`start it with one: pinmesh sim --serial --link ${link} --bootloader FILE.hex`), flashed.stderr);
      assert.doesNotMatch(flashed.stderr, /press its reset button|pinmesh ports/, "no real board's advice");
      assert.ok(hasNoStackTrace(flashed.stderr), flashed.stderr);

      // Another user's runtime directory has no note of it: the port is still no board on USB, and says so.
      const elsewhere = { XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) };
      const unnoted = await startCli(['flash', '--serial-port', link, '--baud', '115200'], elsewhere).exited;
      assert.equal(unnoted.code, 1);
      assert.match(unnoted.stderr, /is a pseudo-terminal \(\/dev\/pts\/\d+\), not a board on USB: if it is pinmesh sim --serial, it can be flashed only when started with --bootloader FILE\.hex/);
    } catch (error) {
      sim.child.kill('SIGKILL');
      throw error;
    }
    sim.child.kill('SIGINT');
    await sim.exited;
    assert.deepEqual(await readdir(join(runtime.XDG_RUNTIME_DIR, 'pinmesh-sim')), [], 'its note is gone with it');
  });

  it('refuses a path that is already there, with advice, and needs --serial', async () => {
    const taken = await newLink();
    await writeFile(taken, '');
    const result = await runCli(['sim', '--serial', '--link', taken]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already exists: is another `pinmesh sim --serial` running\? .*--link PATH/);
    assert.ok(hasNoStackTrace(result.stderr), result.stderr);
    const bare = await runCli(['sim']);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /add --serial/);
  });
});
