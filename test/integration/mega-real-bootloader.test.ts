/**
 * The simulated Mega 2560 with its real bootloader: `pinmesh sim --board mega --bootloader` runs
 * Debian's stk500boot_v2_mega2560 (STK500v2, avrdude's `-c wiring`, 115200 baud) in the 8 KiB boot
 * section at 0x3E000, with avrgirl-arduino's Blink for the Mega as the sketch. avrdude uploads the
 * Mega's StandardFirmata, with pages above 64 KiB (written by SPM at RAMPZ:Z, read back by ELPM),
 * and verifies it; `pinmesh flash --board mega` picks STK500v2 from the board's definition and does
 * the same; each time the board then runs StandardFirmata, as `pinmesh probe --board mega` shows.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { parseIntelHex } from '../../src/firmware/intel-hex.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { runCli, startCli, type CliProcess } from '../support/cli.js';
import { pseudoRandomBytes, toIntelHex } from '../support/intel-hex-text.js';
import { megaFirmware } from '../support/mega-firmware.js';
import { avrdudeAgainWhenOutOfStep, BLINK_MEGA, blinkHex, flashThroughBootloader, probeOnceReady, realBootloaderSkip, STK500V2_MEGA } from '../support/real-bootloader.js';

const skip = findSocat() ? realBootloaderSkip(STK500V2_MEGA) : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';

/** avrdude -c wiring, as the Mega's bootloader wants it; tried again only when it got out of step (see avrdudeAgainWhenOutOfStep). */
function avrdude(link: string, operation: string): Promise<{ code: number; stderr: string }> {
  return avrdudeAgainWhenOutOfStep(['-p', 'atmega2560', '-c', 'wiring', '-b', '115200', '-P', link, '-D', '-U', operation]);
}

/** What `pinmesh sim` warned of (a byte the firmware lost, say), for a failure's message. */
function warningsOf(sim: CliProcess): string {
  return sim.events().filter((e) => e.event === 'warning').map((e) => String(e.warning)).join('; ') || 'none';
}

/** `pinmesh probe --board mega`: what the firmware on the board says of itself. */
async function probe(link: string): Promise<string> {
  const result = await runCli(['probe', '--board', 'mega', '--serial-port', link]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

describe('the real STK500v2 bootloader in the simulated Mega 2560', { skip, timeout: 1_500_000 }, () => {
  let dir: string;
  /** The Mega's StandardFirmata, as pinmesh flash --board mega finds it. */
  let firmataHex: string;
  const sims: CliProcess[] = [];

  /**
   * A simulated Mega with the bootloader, running Blink; resolves with its port. It is stopped when
   * the test `t` ends: a bootloader's wait loop keeps the paced MCU busy, a quarter of a core.
   */
  async function megaWithBootloader(t: TestContext, name: string): Promise<string> {
    const link = join(dir, name);
    const sim = startCli(['sim', '--board', 'mega', '--serial', '--link', link, '--bootloader', STK500V2_MEGA, '--firmware', await blinkHex(BLINK_MEGA), '--json']);
    sims.push(sim);
    t.after(async () => {
      sim.child.kill('SIGINT');
      await sim.exited;
    });
    const serial = await sim.waitForEvent((e) => e.event === 'serial');
    assert.equal(serial.board, 'mega');
    return link;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-mega-boot-'));
    firmataHex = await megaFirmware();
  });
  after(async () => {
    for (const sim of sims) sim.child.kill('SIGINT');
    await Promise.all(sims.map((sim) => sim.exited));
    await rm(dir, { recursive: true, force: true });
  });

  it('avrdude -c wiring uploads StandardFirmata plus pages above 64 KiB and verifies them; the board then runs StandardFirmata', async (t) => {
    const link = await megaWithBootloader(t, 'avrdude');
    const firmata = parseIntelHex(await readFile(firmataHex, 'latin1'));
    // Pages at 64 KiB and at the top of the application section (just below the boot section):
    // SPM reaches them only through RAMPZ, and avrdude's verify reads them back through ELPM.
    const far: Array<[number, Uint8Array]> = [[0x10000, pseudoRandomBytes(512, 7)], [0x3de00, pseudoRandomBytes(512, 11)]];
    const hex = join(dir, 'firmata-and-far-pages.hex');
    await writeFile(hex, toIntelHex([...firmata.blocks, ...far]));

    const upload = await avrdude(link, `flash:w:${hex}:i`);
    assert.equal(upload.code, 0, `${upload.stderr}\nthe simulated Mega's warnings: ${warningsOf(sims.at(-1)!)}`);
    assert.match(upload.stderr, /device signature = 0x1e9801/);
    assert.match(upload.stderr, new RegExp(`${firmata.byteCount + 1024} bytes of flash verified`));

    const described = await probe(link);
    assert.match(described, /^StandardFirmata\.ino 2\.\d+ on /m);
    assert.match(described, /reports 70 pins: likely an Arduino Mega 2560/);
  });

  it('pinmesh flash --board mega speaks STK500v2 by itself, writes and verifies StandardFirmata; the board then runs it', async (t) => {
    const link = await megaWithBootloader(t, 'pinmesh');
    // The flash's result, then the probe pinmesh flash runs after it (as --board mega).
    const { code, stderr, result, probed } = await flashThroughBootloader(['flash', '--board', 'mega', '--serial-port', link]);
    assert.equal(result.ok, true, stderr);
    assert.deepEqual([result.protocol, result.chip, result.baudRate, result.hex], ['stk500v2', 'ATmega2560', 115200, firmataHex]);
    assert.equal(result.bytes, parseIntelHex(await readFile(firmataHex, 'latin1')).byteCount);
    const identity = code === 0 ? probed!.identity : await probeOnceReady(link, stderr, 'mega');
    assert.deepEqual(identity, { kind: 'mega', firmware: 'StandardFirmata.ino', version: '2.3', port: link, board: 'mega' });
  });
});
