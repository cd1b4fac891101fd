import { EventEmitter } from 'node:events';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SerialPortMock } from 'serialport';
import { formatPorts, portsAsJson, runPorts } from '../../src/cli/commands/ports.js';
import { DEFAULT_BOARD_PORT } from '../../src/boards/remote/protocol.js';
import { UserError } from '../../src/errors.js';
import { flagNames, optionNames } from '../../src/setting-names.js';
import { findUno, findUnoPort } from '../../src/serial/find-uno.js';
import { describePort, listSerialPorts, type SerialPortInfo } from '../../src/serial/list-ports.js';
import { classifySerialError, translateSerialOpenError } from '../../src/serial/serial-errors.js';
import { openSerialTransport, createSerialTransport, type SerialPortFactory } from '../../src/serial/serial-transport.js';
import { lookupUsbDevice, normalizeUsbId } from '../../src/serial/usb-ids.js';

const uno = describePort({ path: '/dev/ttyACM0', manufacturer: 'Arduino (www.arduino.cc)', vendorId: '2341', productId: '0043', serialNumber: '85736323838351E0E1C1' });
const ch340 = describePort({ path: '/dev/ttyUSB0', manufacturer: '1a86', vendorId: '1A86', productId: '7523' });
const builtin = describePort({ path: '/dev/ttyS0' });
const bluetooth = describePort({ path: '/dev/rfcomm0', manufacturer: 'Some Vendor', vendorId: '0a12', productId: '0001' });
/** A running `pinmesh sim --serial`'s board, as pinmesh ports lists it (src/serial/simulator-ports.ts). */
const simulatedUno: SerialPortInfo = { path: '/tmp/x/uno', manufacturer: undefined, vendorId: undefined, productId: undefined, serialNumber: undefined, likelyArduino: false, label: 'simulated Uno (pinmesh sim)', simulated: true };
const simulatedMega: SerialPortInfo = { ...simulatedUno, path: '/tmp/x/mega', label: 'simulated Mega 2560 (pinmesh sim)', board: 'mega' };

describe('usb ids', () => {
  it('normalises case, 0x prefixes and short ids', () => {
    assert.equal(normalizeUsbId('2A03'), '2a03');
    assert.equal(normalizeUsbId('0x2341'), '2341');
    assert.equal(normalizeUsbId('43'), '0043');
    assert.equal(normalizeUsbId(''), undefined);
    assert.equal(normalizeUsbId(undefined), undefined);
    assert.equal(normalizeUsbId('zz'), undefined);
  });

  it('knows genuine Unos and the common clone chips', () => {
    assert.equal(lookupUsbDevice('2341', '0043')?.label, 'Arduino Uno');
    assert.equal(lookupUsbDevice('2A03', '0043')?.label, 'Arduino Uno');
    assert.equal(lookupUsbDevice('2341', '0243')?.kind, 'arduino');
    assert.equal(lookupUsbDevice('1a86', '7523')?.kind, 'clone-chip');
    assert.equal(lookupUsbDevice('0403', '6001')?.kind, 'clone-chip');
    assert.equal(lookupUsbDevice('10C4', 'EA60')?.kind, 'clone-chip');
    assert.equal(lookupUsbDevice('0a12', '0001'), undefined);
  });

  it("takes a Nano clone's usual USB-serial chips (CH340, FT232R) for a Nano, and knows the Mega's own ids", () => {
    for (const [vid, pid] of [['1a86', '7523'], ['0403', '6001']] as const) {
      assert.equal(lookupUsbDevice(vid, pid)?.label, 'Arduino Nano?');
      assert.equal(lookupUsbDevice(vid, pid)?.board, 'nano');
    }
    for (const [vid, pid] of [['2341', '0010'], ['2341', '0042'], ['2A03', '0042'], ['2a03', '0010']] as const) {
      assert.equal(lookupUsbDevice(vid, pid)?.label, 'Arduino Mega 2560');
      assert.equal(lookupUsbDevice(vid, pid)?.board, 'mega');
    }
    assert.equal(lookupUsbDevice('2341', '0043')?.board, undefined, 'an Uno is the default board');
  });
});

describe('listing ports', () => {
  it('normalises what serialport reports and marks likely Arduinos', () => {
    assert.deepEqual(ch340, {
      path: '/dev/ttyUSB0',
      manufacturer: '1a86',
      vendorId: '1a86',
      productId: '7523',
      serialNumber: undefined,
      likelyArduino: true,
      label: 'Arduino Nano?',
      board: 'nano',
    });
    assert.equal(builtin.likelyArduino, false);
    assert.equal(builtin.label, undefined);
  });

  it('lists every port, sorted by path', async () => {
    const ports = await listSerialPorts(async () => [
      { path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523' },
      { path: '/dev/ttyACM10' },
      { path: '/dev/ttyACM2', vendorId: '2341', productId: '0043' },
    ]);
    assert.deepEqual(ports.map((p) => p.path), ['/dev/ttyACM2', '/dev/ttyACM10', '/dev/ttyUSB0']);
    assert.deepEqual(ports.map((p) => p.likelyArduino), [true, false, true]);
  });

  it('a failing OS lister becomes advice (udevadm missing in a container, say)', async () => {
    await assert.rejects(
      listSerialPorts(async () => {
        throw new Error('spawn udevadm ENOENT');
      }),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /^Could not list serial ports \(spawn udevadm ENOENT\)\. On Linux .*udevadm.* --serial-port PATH\.$/);
        return true;
      },
    );
  });
});

describe('findUno', () => {
  it('picks the only likely Arduino', () => {
    assert.equal(findUno([builtin, uno, bluetooth]), uno);
    assert.equal(findUno([ch340, builtin]), ch340);
  });

  it('with no ports at all, says so and says to plug the board in', () => {
    assert.throws(() => findUno([]), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /No serial ports found/);
      assert.match(error.message, /Plug the Uno in/);
      assert.match(error.message, /--serial-port PATH/);
      return true;
    });
  });

  it('with ports but no Arduino, lists every port found', () => {
    assert.throws(() => findUno([builtin, bluetooth]), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /\/dev\/ttyS0/);
      assert.match(error.message, /\/dev\/rfcomm0 \(0a12:0001, Some Vendor\)/);
      assert.match(error.message, /--serial-port PATH/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });

  it('with several likely Arduinos, lists them and asks for --serial-port', () => {
    assert.throws(() => findUno([uno, builtin, ch340]), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /Found 2 boards/);
      assert.match(error.message, /\/dev\/ttyACM0 \(Arduino Uno/);
      assert.match(error.message, /\/dev\/ttyUSB0 \(Arduino Nano\?/);
      assert.doesNotMatch(error.message, /ttyS0/);
      assert.match(error.message, /--serial-port/);
      return true;
    });
  });

  it('names a running pinmesh sim --serial where no board is found, and never picks it', () => {
    assert.equal(findUno([simulatedUno, builtin, uno]), uno, 'the real Uno, never the simulated one');
    assert.throws(() => findUno([builtin, simulatedUno, simulatedMega]), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(
        error.message,
        'No serial port looks like an Arduino Uno. Ports found: /dev/ttyS0. ' +
          'pinmesh sim serves a simulated Uno at /tmp/x/uno: pass --serial-port /tmp/x/uno. ' +
          'pinmesh sim serves a simulated Mega 2560 at /tmp/x/mega: pass --serial-port /tmp/x/mega --board mega. ' +
          'Plug the Uno in (with a USB data cable), or if it is one of these, pass --serial-port PATH.',
      );
      return true;
    });
    assert.throws(() => findUno([simulatedUno]), /^UserError: No serial ports found, so no Arduino Uno either\. pinmesh sim serves a simulated Uno at \/tmp\/x\/uno: pass --serial-port \/tmp\/x\/uno\. Plug the Uno in/);
  });

  it("says a program's option (serialPort, board) where the run is a program's, the flags where it is the command's", () => {
    assert.throws(
      () => findUno([builtin, simulatedMega, uno, ch340], optionNames),
      /^UserError: Found 2 boards .*Pick one with serialPort \(e\.g\. serialPort: '\/dev\/ttyACM0'\)\.$/,
    );
    assert.throws(
      () => findUno([builtin, simulatedMega], optionNames),
      /pass serialPort: '\/tmp\/x\/mega', board: 'mega'\. Plug the Uno in \(with a USB data cable\), or if it is one of these, pass serialPort\.$/,
    );
    assert.throws(() => findUno([builtin], flagNames), /or if it is one of these, pass --serial-port PATH\.$/);
  });

  it('findUnoPort lists then picks', async () => {
    const found = await findUnoPort(async () => [{ path: 'COM3', vendorId: '2A03', productId: '0043' }, { path: 'COM1' }]);
    assert.equal(found.path, 'COM3');
  });
});

describe('serial error translation', () => {
  const cases: Array<[string, NodeJS.Platform, string]> = [
    ['Error: No such file or directory, cannot open /dev/ttyACM9', 'linux', 'not-found'],
    ['Opening COM9: File not found', 'win32', 'not-found'],
    ["Port does not exist - please call MockBinding.createPort('/dev/x') first", 'linux', 'not-found'],
    ['Error Resource temporarily unavailable Cannot lock port', 'linux', 'busy'],
    ['Error: Resource busy, cannot open /dev/cu.usbmodem1101', 'darwin', 'busy'],
    ['Error: Device or resource busy, cannot open /dev/ttyACM0', 'linux', 'busy'],
    ['Opening COM3: Access denied', 'win32', 'busy'],
    ['Port is locked cannot open', 'linux', 'busy'],
    ['Error: Permission denied, cannot open /dev/ttyACM0', 'linux', 'permission'],
    ['Error: Permission denied, cannot open /dev/cu.usbmodem1', 'darwin', 'permission'],
    ['Error: Input/output error, cannot open /dev/ttyACM0', 'linux', 'other'],
  ];
  for (const [message, platform, kind] of cases) {
    it(`${platform}: "${message}" is ${kind}`, () => {
      assert.equal(classifySerialError(new Error(message), platform), kind);
    });
  }

  it('uses the errno code when there is one', () => {
    assert.equal(classifySerialError(Object.assign(new Error('open failed'), { code: 'EBUSY' }), 'linux'), 'busy');
    assert.equal(classifySerialError(Object.assign(new Error('open failed'), { code: 'EACCES' }), 'linux'), 'permission');
  });

  it('a missing port: lists what exists and points at `pinmesh ports`', () => {
    const error = translateSerialOpenError(new Error('Error: No such file or directory, cannot open /dev/ttyACM9'), {
      path: '/dev/ttyACM9',
      ports: [uno, builtin],
      platform: 'linux',
    });
    assert.ok(error instanceof UserError);
    assert.match(error.message, /^Serial port \/dev\/ttyACM9 does not exist\./);
    assert.match(error.message, /Ports that exist: \/dev\/ttyACM0 \(Arduino Uno.*; \/dev\/ttyS0\./);
    assert.match(error.message, /pinmesh ports/);
  });

  it('a missing port: names a running pinmesh sim --serial, apart from the ports that exist', () => {
    const error = translateSerialOpenError(new Error('Error: No such file or directory, cannot open /tmp/nonexistent'), { path: '/tmp/nonexistent', ports: [builtin, simulatedUno], platform: 'linux' });
    assert.equal(
      error.message,
      'Serial port /tmp/nonexistent does not exist. Ports that exist: /dev/ttyS0. pinmesh sim serves a simulated Uno at /tmp/x/uno: pass --serial-port /tmp/x/uno. ' +
        'Run `pinmesh ports` to list serial ports, then pass the right one with --serial-port PATH.',
    );
    const alone = translateSerialOpenError(new Error('Error: No such file or directory, cannot open /tmp/nonexistent'), { path: '/tmp/nonexistent', ports: [simulatedUno], platform: 'linux' });
    assert.match(alone.message, /There are no serial ports at all: is the board plugged in \(with a USB data cable\)\? pinmesh sim serves a simulated Uno at \/tmp\/x\/uno/);
  });

  it('a missing port when there are no ports at all', () => {
    const error = translateSerialOpenError(new Error('Opening COM4: File not found'), { path: 'COM4', ports: [], platform: 'win32' });
    assert.match(error.message, /no serial ports at all/);
  });

  it('a busy port: names the usual culprit, and says one program owns a port', () => {
    const error = translateSerialOpenError(new Error('Error Resource temporarily unavailable Cannot lock port'), { path: '/dev/ttyACM0', platform: 'linux' });
    assert.match(error.message, /in use by another program/);
    assert.match(error.message, /Arduino IDE serial monitor/);
    assert.match(error.message, /Only one program can own a serial port/);
    // …and how several pinmesh commands share one board: a board node owns the port (docs/board-node.md).
    assert.ok(
      error.message.endsWith(`to share one board among several pinmesh commands, run pinmesh board --board uno --serial-port /dev/ttyACM0 (or --board nano, mega) and give them --board ws://127.0.0.1:${DEFAULT_BOARD_PORT}.`),
      error.message,
    );
  });

  it('permission denied on Linux: the dialout group', () => {
    const error = translateSerialOpenError(new Error('Error: Permission denied, cannot open /dev/ttyACM0'), { path: '/dev/ttyACM0', platform: 'linux' });
    assert.match(error.message, /dialout/);
    assert.match(error.message, /usermod -aG dialout/);
  });

  it('messages are one line', () => {
    const error = translateSerialOpenError(new Error('weird\nmulti-line\nfailure'), { path: '/dev/x', platform: 'linux' });
    assert.doesNotMatch(error.message, /\n/);
    assert.match(error.message, /Could not open serial port \/dev\/x \(weird multi-line failure\)\. Check that/);
  });
});

describe('serial transport over the mock binding', () => {
  const path = '/dev/ttyMOCK0';
  let made: SerialPortMock[] = [];
  const createPort: SerialPortFactory = (options) => {
    const port = new SerialPortMock(options);
    made.push(port);
    return port;
  };
  const listPorts = (): Promise<SerialPortInfo[]> => listSerialPorts(() => SerialPortMock.list());

  beforeEach(() => {
    made = [];
    SerialPortMock.binding.reset();
    SerialPortMock.binding.createPort(path, { vendorId: '2341', productId: '0043' });
  });
  afterEach(async () => {
    for (const port of made) if (port.isOpen) await new Promise((resolve) => port.close(resolve));
  });

  it('opens locked at 57600 by default, emits data, flushes writes, closes once', async () => {
    const transport = await openSerialTransport(path, { createPort, listPorts });
    assert.equal(transport.isOpen, true);
    assert.equal(transport.description, path);
    assert.equal(transport.baudRate, 57600);
    const binding = made[0]!.port!;
    assert.equal(binding.openOptions.lock, true);
    assert.equal(binding.openOptions.baudRate, 57600);

    const received = new Promise<Buffer>((resolve) => transport.once('data', resolve));
    binding.emitData(Buffer.from([0xf9, 2, 5]));
    assert.deepEqual([...(await received)], [0xf9, 2, 5]);

    transport.write([1, 2]);
    transport.write(Buffer.from([3, 4]));
    await transport.flush();
    assert.deepEqual([...binding.lastWrite!], [3, 4]);

    let closes = 0;
    transport.on('close', () => closes++);
    await transport.close();
    await transport.close();
    assert.equal(transport.isOpen, false);
    assert.equal(closes, 1);
  });

  it('emits open for listeners attached before it opens (createSerialTransport)', async () => {
    const transport = createSerialTransport(path, { createPort, listPorts, baudRate: 115200 });
    await new Promise<void>((resolve) => transport.once('open', resolve));
    assert.equal(transport.isOpen, true);
    await transport.close();
  });

  it("tells a listener attached after it opened that it is open (firmata-io's, which johnny-five's ready waits for)", async () => {
    const transport = await openSerialTransport(path, { createPort, listPorts });
    let heard = 0;
    await new Promise<void>((resolve) => transport.on('open', () => (heard++, resolve())));
    assert.equal(heard, 1);
    await transport.close();
  });

  it('flushes resolve in the order they were asked for, whatever order the OS finishes its drains in', async () => {
    const drains: Array<(error: Error | null) => void> = [];
    const handle = Object.assign(new EventEmitter(), {
      isOpen: false,
      open(callback: (error: Error | null) => void) {
        handle.isOpen = true;
        callback(null);
      },
      close(callback?: (error: Error | null) => void) {
        handle.isOpen = false;
        callback?.(null);
      },
      write: (_data: Buffer, callback?: (error: Error | null) => void) => (setImmediate(() => callback?.(null)), true),
      drain: (callback: (error: Error | null) => void) => void drains.push(callback),
      flush: (callback: (error: Error | null) => void) => callback(null),
      set: (_lines: object, callback: (error: Error | null) => void) => callback(null),
    });
    const transport = await openSerialTransport('/dev/ttyFAKE0', { createPort: () => handle, listPorts });
    const resolved: number[] = [];
    const flushes = Array.from({ length: 50 }, (_, index) => {
      transport.write([index]);
      return transport.flush().then(() => resolved.push(index));
    });
    // The OS finishes the drains asked for last first (tcdrain on libuv's thread pool keeps no order).
    for (let round = 0; round < 1_000 && resolved.length < 50; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const done of drains.splice(0).reverse()) done(null);
    }
    await Promise.all(flushes);
    assert.deepEqual(resolved, Array.from({ length: 50 }, (_, index) => index));
    await transport.close();
  });

  it('supports firmata-style write callbacks, and fails writes after close without throwing', async () => {
    const transport = await openSerialTransport(path, { createPort, listPorts });
    await new Promise<void>((resolve, reject) => transport.write(Buffer.from([0xff]), (error) => (error ? reject(error) : resolve())));
    await transport.close();
    const error = await new Promise<Error | null>((resolve) => {
      assert.equal(transport.write([1]), false);
      transport.write([1], resolve);
    });
    assert.ok(error instanceof Error);
    await assert.rejects(transport.flush(), /not open/);
  });

  it('releases the lock on close: the port can be opened again', async () => {
    const first = await openSerialTransport(path, { createPort, listPorts });
    await first.close();
    const second = await openSerialTransport(path, { createPort, listPorts });
    assert.equal(second.isOpen, true);
    await second.close();
  });

  it('a port held by someone else fails with advice', async () => {
    const holder = await openSerialTransport(path, { createPort, listPorts });
    await assert.rejects(openSerialTransport(path, { createPort, listPorts }), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /is in use by another program/);
      return true;
    });
    await holder.close();
  });

  it('a port that does not exist fails with the list of those that do', async () => {
    await assert.rejects(openSerialTransport('/dev/ttyNOPE', { createPort, listPorts }), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /\/dev\/ttyNOPE does not exist/);
      assert.match(error.message, /Ports that exist: \/dev\/ttyMOCK0 \(Arduino Uno/);
      return true;
    });
  });

  it('reports an open failure on "error" when someone listens, and never crashes when nobody does', async () => {
    const watched = createSerialTransport('/dev/ttyNOPE', { createPort, listPorts });
    const reported = new Promise<Error>((resolve) => watched.once('error', resolve));
    assert.ok((await reported) instanceof UserError);
    await assert.rejects(watched.open(), UserError);

    const unwatched = createSerialTransport('/dev/ttyNOPE', { createPort, listPorts });
    await assert.rejects(unwatched.open(), UserError);
    await unwatched.close();
  });

  it('a disconnect emits close with the disconnected reason, and flush then rejects', async () => {
    const transport = await openSerialTransport(path, { createPort, listPorts });
    const closed = new Promise<unknown>((resolve) => transport.once('close', resolve));
    made[0]!._disconnected(new Error('device reports readiness to read but returned no data'));
    const reason = (await closed) as { disconnected?: boolean };
    assert.equal(reason.disconnected, true);
    assert.equal(transport.isOpen, false);
    await assert.rejects(transport.flush(), /not open/);
    await transport.close();
  });

  it('sets control lines and discards buffered bytes while open', async () => {
    const transport = await openSerialTransport(path, { createPort, listPorts });
    await transport.setControlLines({ dtr: false, rts: false });
    await transport.setControlLines({ dtr: true, rts: true });
    await transport.discardBuffered();
    await transport.close();
    await assert.rejects(transport.setControlLines({ dtr: true }), /not open/);
  });
});

describe('pinmesh ports', () => {
  it('says plainly when there are no ports', async () => {
    const lines: string[] = [];
    const ports = await runPorts({}, { listPorts: async () => [], listSimulators: async () => [], print: (line) => lines.push(line) });
    assert.deepEqual(ports, []);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^No serial ports found/);
  });

  it('shows every port with ids, serial number, and likely Arduinos marked', () => {
    const lines = formatPorts([uno, builtin]);
    assert.match(lines[0]!, /PATH\s+USB ID\s+MANUFACTURER\s+SERIAL NUMBER\s+LOOKS LIKE/);
    assert.match(lines[1]!, /^\* \/dev\/ttyACM0\s+2341:0043\s+Arduino \(www\.arduino\.cc\)\s+85736323838351E0E1C1\s+Arduino Uno$/);
    assert.match(lines[2]!, /^ {2}\/dev\/ttyS0\s+-\s+-\s+-\s+-$/);
    assert.match(lines.at(-1)!, /pinmesh uses it when --serial-port is left out/);
  });

  it('a Nano clone is marked "Arduino Nano?" with the advice to pass --board nano; a Mega with --board mega', () => {
    const mega = describePort({ path: '/dev/ttyACM1', vendorId: '2341', productId: '0042' });
    const lines = formatPorts([ch340, mega]);
    assert.match(lines.find((line) => line.includes('ttyUSB0'))!, /1a86:7523.*Arduino Nano\?$/);
    assert.ok(lines.includes('/dev/ttyUSB0: a Nano clone\'s usual USB chip: if it is a Nano, pass --board nano (its bootloader talks at 57600 baud)'), lines.join('\n'));
    assert.ok(lines.includes('/dev/ttyACM1: pass --board mega'), lines.join('\n'));
  });

  it('--json prints one array with every field', async () => {
    const lines: string[] = [];
    await runPorts({ json: true }, { listPorts: async () => [uno, builtin], listSimulators: async () => [], print: (line) => lines.push(line) });
    assert.equal(lines.length, 1);
    const parsed = JSON.parse(lines[0]!) as Array<Record<string, unknown>>;
    assert.deepEqual(parsed[1], { path: '/dev/ttyS0', manufacturer: null, vendorId: null, productId: null, serialNumber: null, likelyArduino: false, label: null, board: null, simulated: false });
    assert.equal(parsed[0]!.likelyArduino, true);
    assert.equal(portsAsJson([]), '[]');
  });
});
