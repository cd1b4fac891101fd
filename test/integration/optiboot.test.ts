/**
 * Optiboot, the Uno's own bootloader (STK500v1 at 115200 baud in a 512-byte boot section at 0x7E00),
 * built here from its source (scripts/build-optiboot.sh: Debian's prebuilt image does not fit), in
 * the simulated Uno: avrdude uploads Blink through it at 115200 and verifies it, and `pinmesh flash`
 * at its default baud writes StandardFirmata through it, which then answers the probe.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fusesForBootloader } from '../../src/boards/sim/fuses.js';
import { parseIntelHex } from '../../src/firmware/intel-hex.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { startCli, type CliProcess } from '../support/cli.js';
import { buildOptiboot, optibootHex, optibootSkip } from '../support/optiboot.js';
import { assertBlinks, avrdude, blinkHex, flashThroughBootloader, probeOnceReady, realBootloaderSkip } from '../support/real-bootloader.js';

const skip = (findSocat() ? realBootloaderSkip() || optibootSkip() : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal') || undefined;
const FLASH_BYTES = 32 * 1024;
const BOOT_SECTION = 0x7e00;
const DEBIAN_OPTIBOOT = '/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot/optiboot_atmega328.hex';

/** The address after the last data byte of an Intel HEX text (its records read one by one: overlaps are allowed). */
function dataEnd(text: string): number {
  let end = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.slice(7, 9) === '00') end = Math.max(end, parseInt(line.slice(3, 7), 16) + parseInt(line.slice(1, 3), 16));
  }
  return end;
}

describe('optiboot built from source: the Uno bootloader at 115200 baud in the simulated board', { skip, timeout: 900_000 }, () => {
  let dir: string;
  let optiboot: string;
  let sim: CliProcess | undefined;
  let link: string;

  /** The simulated Uno with optiboot, started by the first test that flashes (a bootloader's wait keeps its MCU busy). */
  async function simulatedUno(): Promise<CliProcess> {
    if (sim === undefined) {
      sim = startCli(['sim', '--serial', '--link', link, '--bootloader', optiboot, '--json']);
      await sim.waitForEvent((e) => e.event === 'serial');
    }
    return sim;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-optiboot-'));
    optiboot = await optibootHex();
    link = join(dir, 'uno');
  });
  after(async () => {
    if (sim !== undefined) {
      sim.child.kill('SIGINT');
      await sim.exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('fits the 512-byte boot section, where Debian’s prebuilt image does not, and builds to the same bytes every time', async () => {
    const image = parseIntelHex(await readFile(optiboot, 'latin1'));
    const starts = [...image.blocks.keys()];
    assert.equal(Math.min(...starts), BOOT_SECTION);
    assert.ok(image.endAddress <= FLASH_BYTES, `optiboot ends at 0x${image.endAddress.toString(16)}`);
    // BOOTSZ for a 256-word boot section and BOOTRST programmed: the Uno's high fuse.
    assert.equal(fusesForBootloader(BOOT_SECTION, FLASH_BYTES).high, 0xde);
    // Debian's image runs over its own version word at 0x7FFE and past the end of the flash: why it is built here.
    assert.equal(dataEnd(await readFile(DEBIAN_OPTIBOOT, 'latin1')), 0x8014);

    const again = await buildOptiboot(join(dir, 'again'));
    assert.equal(await readFile(again, 'latin1'), await readFile(optiboot, 'latin1'));
  });

  it('avrdude -b 115200 uploads Blink through it and verifies it; the board then blinks pin 13 once a second', async () => {
    const sim = await simulatedUno();
    const upload = await avrdude(link, `flash:w:${await blinkHex()}:i`, 115200);
    assert.equal(upload.code, 0, upload.stderr);
    assert.match(upload.stderr, /bytes of flash verified/);
    await assertBlinks(sim, sim.lines.length);
  });

  it('pinmesh flash, at 115200 baud first, writes and verifies StandardFirmata through it; the probe after it names the firmware', async () => {
    await simulatedUno();
    const { code, stderr, result, probed } = await flashThroughBootloader(['flash', '--serial-port', link]);
    assert.equal(result.ok, true, stderr);
    assert.equal(result.baudRate, 115200);
    assert.equal(result.bootloaderVersion, '4.4');
    assert.equal(result.pages, 96);
    const identity = code === 0 ? probed!.identity : await probeOnceReady(link, stderr);
    assert.deepEqual(identity, { kind: 'uno', firmware: 'StandardFirmata.ino', version: '2.4', port: link, board: 'uno' });
  });
});
