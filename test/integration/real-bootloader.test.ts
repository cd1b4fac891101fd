/**
 * Real bootloader code in the simulator, with a real third-party flasher as the referee:
 * `pinmesh sim --serial --bootloader` runs Debian's ATmegaBOOT (the Nano's bootloader) in the
 * boot section; avrdude uploads avrgirl-arduino's Blink through it (opening the port resets the
 * board into the bootloader, as DTR does) and verifies it; the board then runs Blink; avrdude
 * reads the flash back.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledFirmwarePath } from '../../src/firmware/bundled-firmware.js';
import { parseIntelHex } from '../../src/firmware/intel-hex.js';
import { parseProgramImage } from '../../src/firmware/program-image.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { startCli, type CliProcess } from '../support/cli.js';
import { ATMEGABOOT, blinkHex, realBootloaderSkip } from '../support/real-bootloader.js';

const skip = findSocat() ? realBootloaderSkip() : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
const FLASH_BYTES = 32 * 1024;
const BOOT_SECTION = 0x7800;

function runAvrdude(link: string, operation: string): Promise<{ code: number; stderr: string }> {
  const args = ['-p', 'atmega328p', '-c', 'arduino', '-b', '57600', '-P', link, '-U', operation];
  return new Promise((resolve) => {
    execFile('avrdude', args, { timeout: 600_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

/**
 * avrdude, tried again (as a person would) only when it never got in sync with the bootloader:
 * avrdude sends its first syncs 300 wall ms after opening the port and drains replies for 250 wall
 * ms, timings made for a board running in real time; on a machine so loaded that the simulation runs
 * at a fraction of real time, the bootloader can still be flashing its LED then, and its late reply to
 * a drained sync puts avrdude out of step. Any other failure fails at once.
 */
async function avrdude(link: string, operation: string): Promise<{ code: number; stderr: string }> {
  let result = await runAvrdude(link, operation);
  for (let attempt = 1; attempt < 3 && result.code !== 0 && /initialization failed|not in sync/.test(result.stderr); attempt++) {
    result = await runAvrdude(link, operation);
  }
  return result;
}

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
    const after = sim.lines.length;
    const led = (): Array<{ value: number; at: number }> =>
      sim.lines
        .slice(after)
        .map((line) => JSON.parse(line) as { event: string; pin: number; value: number; at: number })
        .filter((e) => e.event === 'pin' && e.pin === 13);
    // The bootloader waits for another upload, then starts the application: Blink, 1 s on, 1 s off.
    await sim.waitForLine(() => led().length >= 4);
    const edges = led().slice(-3);
    for (let i = 1; i < edges.length; i++) {
      assert.notEqual(edges[i]!.value, edges[i - 1]!.value);
      const interval = edges[i]!.at - edges[i - 1]!.at;
      assert.ok(Math.abs(interval - 1000) < 20, `pin 13 toggled after ${interval} simulated ms, not about 1000`);
    }
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
