/**
 * Real bootloader code in the simulator, with a real third-party flasher as the referee:
 * `pinmesh sim --serial --bootloader` runs Debian's ATmegaBOOT (the Nano's bootloader) in the
 * boot section; avrdude uploads avrgirl-arduino's Blink through it (opening the port resets the
 * board into the bootloader, as DTR does) and verifies it; the board then runs Blink; avrdude
 * reads the flash back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledFirmwarePath } from '../../src/firmware/bundled-firmware.js';
import { parseIntelHex } from '../../src/firmware/intel-hex.js';
import { parseProgramImage } from '../../src/firmware/program-image.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { startCli, type CliProcess } from '../support/cli.js';
import { ATMEGABOOT, assertBlinks, avrdude as avrdudeAt, blinkHex, realBootloaderSkip } from '../support/real-bootloader.js';

const skip = findSocat() ? realBootloaderSkip() : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
const FLASH_BYTES = 32 * 1024;
const BOOT_SECTION = 0x7800;

/** ATmegaBOOT talks at 57600 baud. */
const avrdude = (link: string, operation: string) => avrdudeAt(link, operation, 57600);
const bytesOf = (text: string): Uint8Array => new Uint8Array(parseProgramImage(text, FLASH_BYTES).buffer);

describe('a real bootloader in the simulated board, avrdude as the referee', { skip, timeout: 900_000 }, () => {
  let sim: CliProcess;
  let link: string;
  let blink: string;

  before(async () => {
    blink = await blinkHex();
    link = join(await mkdtemp(join(tmpdir(), 'pinmesh-boot-')), 'uno');
    sim = startCli(['sim', '--serial', '--link', link, '--bootloader', ATMEGABOOT, '--json']);
    await sim.waitForEvent((e) => e.event === 'serial');
  });
  after(async () => {
    sim.child.kill('SIGINT');
    await sim.exited;
  });

  it('avrdude uploads Blink through ATmegaBOOT and verifies it; the board then blinks pin 13 once a second', async () => {
    const upload = await avrdude(link, `flash:w:${blink}:i`);
    assert.equal(upload.code, 0, upload.stderr);
    assert.match(upload.stderr, /bytes of flash verified/);
    // The bootloader waits for another upload, then starts the application: Blink, 1 s on, 1 s off.
    await assertBlinks(sim, sim.lines.length);
  });

  it('avrdude reads back the pages it wrote, the rest as it was, and the bootloader still there', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'pinmesh-readback-')), 'flash.hex');
    const read = await avrdude(link, `flash:r:${out}:i`);
    assert.equal(read.code, 0, read.stderr);
    const flash = bytesOf(await readFile(out, 'latin1'));
    // ATmegaBOOT ignores avrdude's chip erase, as on a real board, and avrdude 7 fills a page the
    // file covers only in part with what it read from the board: the bytes Blink does not cover
    // still hold the StandardFirmata the board came with.
    const expected = bytesOf(await readFile(bundledFirmwarePath(), 'latin1'));
    const written = parseIntelHex(await readFile(blink, 'latin1'));
    for (const [address, bytes] of written.blocks) expected.set(bytes, address);
    const bootloader = bytesOf(await readFile(ATMEGABOOT, 'latin1'));
    assert.ok(written.endAddress > 8 * 128, 'Blink spans several pages');
    assert.deepEqual(flash.subarray(0, BOOT_SECTION), expected.subarray(0, BOOT_SECTION), 'the application section');
    assert.deepEqual(flash.subarray(BOOT_SECTION), bootloader.subarray(BOOT_SECTION), 'the boot section holds ATmegaBOOT');
  });
});
