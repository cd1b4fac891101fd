/**
 * The simulated Uno on a TCP port (`pinmesh sim --tcp PORT`), as a board running
 * StandardFirmataWiFi/Ethernet is on the network: any Firmata client that speaks TCP drives the real
 * StandardFirmata (firmata-io on a plain socket here), one client at a time, and `pinmesh …
 * --board tcp://HOST:PORT` (johnny-five over firmata-io over pinmesh's TCP transport; the contract
 * suite runs on it in test/contract/tcp-board.test.ts) names the board from its report.
 */
import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { firmataString, FirmataStringReader } from '../../src/boards/firmata/firmata-string.js';
import { parseTcpBoardUrl } from '../../src/boards/tcp-board-url.js';
import { hasNoStackTrace, runCli, startCli, type CliProcess } from '../support/cli.js';

const require = createRequire(import.meta.url);
interface FirmataIO extends EventEmitter {
  firmware: { name: string };
  pins: Array<{ supportedModes: number[] }>;
  MODES: { OUTPUT: number };
  pinMode(pin: number, mode: number): void;
  digitalWrite(pin: number, value: 0 | 1): void;
}
const { Firmata } = require('firmata-io') as { Firmata: new (transport: Socket, options?: object) => FirmataIO };

const connected = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });

describe('pinmesh sim --tcp: the simulated Uno as a Firmata board on the network', { timeout: 180_000 }, () => {
  let sim: CliProcess;
  let port: number;

  before(async () => {
    sim = startCli(['sim', '--tcp', '0', '--json']);
    const event = await sim.waitForEvent((e) => e.event === 'tcp');
    port = Number(/^tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(String(event.url))![1]);
  });
  after(async () => {
    sim.child.kill('SIGINT');
    await sim.exited;
  });

  it('firmata-io on a plain TCP socket gets the real StandardFirmata, and pin 13 follows it on the MCU; a second client is told why and turned away, and the first drives on', async () => {
    const socket = await connected(port);
    const holder = `127.0.0.1:${socket.localPort}`;
    try {
      const io = new Firmata(socket);
      await new Promise((resolve) => io.once('ready', resolve));
      assert.equal(io.firmware.name, 'StandardFirmata.ino');
      assert.equal(io.pins.length, 20, "an Uno's 20 pins");
      await sim.waitForEvent((e) => e.event === 'tcp-client' && e.action === 'opened' && e.remote === holder);
      io.pinMode(13, io.MODES.OUTPUT);
      io.digitalWrite(13, 1);
      await sim.waitForEvent((e) => e.event === 'pin' && e.pin === 13 && e.value === 1 && e.source === 'mcu');

      const second = await connected(port);
      const told: Buffer[] = [];
      second.on('data', (bytes: Buffer) => told.push(bytes));
      await new Promise((resolve) => second.once('close', resolve));
      await sim.waitForEvent((e) => e.event === 'tcp-client' && e.action === 'refused');
      const reader = new FirmataStringReader();
      reader.push(Buffer.concat(told));
      assert.match(reader.last ?? '', /^another client \(127\.0\.0\.1:\d+\) holds the simulated Uno's serial line/, 'the second client is told why, as a Firmata string');
      assert.deepEqual(Buffer.concat(told), firmataString(reader.last!), 'and is sent nothing else');

      const from = sim.lines.length; // the firmware blinked pin 13 at boot: only a LOW from now on counts
      io.digitalWrite(13, 0);
      const low = (line: string) => {
        const e = JSON.parse(line) as Record<string, unknown>;
        return e.event === 'pin' && e.pin === 13 && e.value === 0 && e.source === 'mcu';
      };
      await sim.waitForLine((line) => sim.lines.indexOf(line) >= from && low(line));
    } finally {
      socket.destroy();
      await sim.waitForEvent((e) => e.event === 'tcp-client' && e.action === 'closed' && e.remote === holder);
    }
  });

  it('pinmesh probe --board tcp://127.0.0.1:PORT names the firmware and the board from its report, without a warning on loopback', async () => {
    const result = await runCli(['probe', '--board', `tcp://127.0.0.1:${port}`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^StandardFirmata\.ino 2\.4 on tcp:\/\/127\.0\.0\.1:\d+ \(tcp\)$/m);
    assert.match(result.stdout, /^board: StandardFirmata\.ino reports 20 pins: likely an Arduino Uno$/m);
    assert.doesNotMatch(result.stdout + result.stderr, /no authentication/);
  });

  it('a second pinmesh client is told that another client holds the serial line, and what to do, not that the connection closed', async () => {
    const socket = await connected(port);
    const holder = `127.0.0.1:${socket.localPort}`;
    try {
      await sim.waitForEvent((e) => e.event === 'tcp-client' && e.action === 'opened' && e.remote === holder);
      const result = await runCli(['probe', '--board', `tcp://127.0.0.1:${port}`]);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim(),
        `pinmesh: the board on tcp://127.0.0.1:${port} turned this connection away: another client (${holder}) holds the simulated Uno's serial line, one client at a time: ` +
          `close that client first, or let one program hold the board and share it (pinmesh board --board tcp://127.0.0.1:${port}, then --board ws://127.0.0.1:8764 in each program)`,
      );
    } finally {
      socket.destroy();
      await sim.waitForEvent((e) => e.event === 'tcp-client' && e.action === 'closed' && e.remote === holder);
    }
  });

  it('a board address that is not tcp://HOST:PORT is refused with the form to use, no stack trace', async () => {
    assert.throws(() => parseTcpBoardUrl('tcp://127.0.0.1'), /bad board address "tcp:\/\/127\.0\.0\.1": give the board's tcp:\/\/HOST:PORT/);
    assert.throws(() => parseTcpBoardUrl('tcp://user:secret@10.0.0.2:3030'), /secret|password|credentials/i);
    const result = await runCli(['probe', '--board', 'tcp://127.0.0.1:3030/x']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /bad board address/);
    assert.ok(hasNoStackTrace(result.stderr));
  });
});
