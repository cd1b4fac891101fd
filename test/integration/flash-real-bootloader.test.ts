/**
 * `pinmesh flash` through real bootloader code: the simulated board runs Debian's ATmegaBOOT (the
 * Nano's and Duemilanove's bootloader, STK500v1 at 57600) in its boot section and Blink as its
 * sketch. pinmesh flash writes StandardFirmata through the bootloader and verifies it, and the probe
 * after it names the firmware. avrdude is
 * the referee: it writes the same hex to a second such board, and the flash avrdude reads back from
 * the two boards is the same.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledFirmwarePath } from '../../src/firmware/bundled-firmware.js';
import { parseIntelHex } from '../../src/firmware/intel-hex.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { runCli, startCli, type CliProcess } from '../support/cli.js';
import { ATMEGABOOT, blinkHex, realBootloaderSkip } from '../support/real-bootloader.js';

const skip = findSocat() ? realBootloaderSkip() : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
const BOOT_SECTION = 0x7800;

function avrdude(link: string, operation: string): Promise<{ code: number; stderr: string }> {
  const args = ['-p', 'atmega328p', '-c', 'arduino', '-b', '57600', '-P', link, '-D', '-U', operation];
  return new Promise((resolve) => {
    execFile('avrdude', args, { timeout: 600_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

/** The application section of the flash avrdude reads from the board at `link`. */
async function applicationSection(link: string, dir: string, name: string): Promise<Uint8Array> {
  const out = join(dir, `${name}.hex`);
  const read = await avrdude(link, `flash:r:${out}:i`);
  assert.equal(read.code, 0, read.stderr);
  const flash = new Uint8Array(BOOT_SECTION).fill(0xff);
  for (const [address, bytes] of parseIntelHex(await readFile(out, 'latin1')).blocks) {
    if (address < BOOT_SECTION) flash.set(bytes.subarray(0, BOOT_SECTION - address), address);
  }
  return flash;
}

/**
 * What `pinmesh probe` says of the board at `link`, after the probe pinmesh flash ran failed with
 * `failure`. Only a probe that timed out is tried again, until the firmware answers: every open
 * resets the board into ATmegaBOOT, whose 1.3 simulated s are paced to wall time, and a loaded
 * machine can stretch them past the probe's 10 s. Any other failure fails at once.
 */
async function probeOnceReady(link: string, failure: string): Promise<unknown> {
  for (let attempt = 0; attempt < 5; attempt++) {
    assert.match(failure, /no answer from the firmware within/);
    const probe = await runCli(['probe', '--board', 'uno', '--serial-port', link, '--json']);
    if (probe.code === 0) return (JSON.parse(probe.stdout) as { identity: unknown }).identity;
    failure = probe.stderr;
  }
  assert.fail(`the firmware never answered the probe: ${failure}`);
}

describe('pinmesh flash through the real ATmegaBOOT in the simulated board', { skip, timeout: 1_500_000 }, () => {
  let dir: string;
  const sims: CliProcess[] = [];

  /** A simulated board with ATmegaBOOT, running Blink; resolves with its port. */
  async function boardWithBootloader(name: string): Promise<string> {
    const link = join(dir, name);
    const sim = startCli(['sim', '--serial', '--link', link, '--bootloader', ATMEGABOOT, '--firmware', await blinkHex(), '--json']);
    sims.push(sim);
    await sim.waitForEvent((e) => e.event === 'serial');
    return link;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-flash-boot-'));
  });
  after(async () => {
    for (const sim of sims) sim.child.kill('SIGINT');
    await Promise.all(sims.map((sim) => sim.exited));
    await rm(dir, { recursive: true, force: true });
  });

  it('writes and verifies StandardFirmata at 57600 baud, which then names itself to the probe; avrdude, writing the same hex, leaves the same flash', async () => {
    const byPinmesh = await boardWithBootloader('pinmesh');
    const flash = await runCli(['flash', '--serial-port', byPinmesh, '--baud', '57600', '--json']);
    // The flash's result, then the probe pinmesh flash runs after it.
    const [result, probed] = flash.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(result!.ok, true, flash.stderr);
    assert.equal(result!.baudRate, 57600);
    assert.equal(result!.chip, 'ATmega328P');
    assert.equal(result!.pages, 96);
    const identity = flash.code === 0 ? probed!.identity : await probeOnceReady(byPinmesh, flash.stderr);
    assert.deepEqual(identity, { kind: 'uno', firmware: 'StandardFirmata.ino', version: '2.4', port: byPinmesh });

    const byAvrdude = await boardWithBootloader('avrdude');
    const upload = await avrdude(byAvrdude, `flash:w:${bundledFirmwarePath()}:i`);
    assert.equal(upload.code, 0, upload.stderr);

    const written = await applicationSection(byPinmesh, dir, 'pinmesh-readback');
    const expected = await applicationSection(byAvrdude, dir, 'avrdude-readback');
    const firmata = parseIntelHex(await readFile(bundledFirmwarePath(), 'latin1'));
    assert.deepEqual(written.subarray(0, firmata.endAddress), expected.subarray(0, firmata.endAddress), 'StandardFirmata');
    assert.ok(Buffer.from(written).equals(Buffer.from(expected)), 'the whole application section, byte for byte');
  });
});
