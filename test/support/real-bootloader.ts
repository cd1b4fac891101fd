/**
 * What the tests against real bootloader code need: Debian's bootloaders (arduino-core-avr),
 * avrdude, and avrgirl-arduino's Blink for the Uno, fetched from the npm registry exactly as the
 * StandardFirmata hex is (npm pack, checked against its SHA-256) and kept in node_modules/.cache.
 */
import { execFile, execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureFirmware } from '../../src/firmware/ensure-firmware.js';
import type { FirmwareManifest } from '../../src/firmware/firmware-manifest.js';
import { runCli, type CliProcess } from './cli.js';

const BOOTLOADERS = '/usr/share/arduino/hardware/arduino/avr/bootloaders';
/** The Nano's and Duemilanove's bootloader: STK500v1 at 57600 baud, a 2 KiB boot section at 0x7800. */
export const ATMEGABOOT = `${BOOTLOADERS}/atmega/ATmegaBOOT_168_atmega328.hex`;

/** The Mega 2560's bootloader: STK500v2 (avrdude's -c wiring) at 115200 baud, an 8 KiB boot section at 0x3E000. */
export const STK500V2_MEGA = `${BOOTLOADERS}/stk500v2/stk500boot_v2_mega2560.hex`;

export const BLINK: FirmwareManifest = {
  file: 'Blink-uno.hex',
  package: 'avrgirl-arduino',
  version: '5.0.1',
  path: 'package/junk/hex/uno/Blink.cpp.hex',
  sha256: 'ebc22be95deaebf9dec9ee9c8d99bda57cfc20cc37efbc72b959afaa88278404',
  bytes: 2918,
  firmware: { name: 'Blink.ino', version: 'avrgirl-arduino 5.0.1' },
};

/** avrgirl-arduino's Blink for the Mega 2560 (pin 13 = PB7, once a second). */
export const BLINK_MEGA: FirmwareManifest = {
  file: 'Blink-mega.hex',
  package: 'avrgirl-arduino',
  version: '5.0.1',
  path: 'package/junk/hex/mega/Blink.cpp.hex',
  sha256: '472561e29456273bf69dbca1691015e9a6e17b1da7690522bffea87be5aa8084',
  bytes: 4616,
  firmware: { name: 'Blink.ino', version: 'avrgirl-arduino 5.0.1' },
};

/** Blink's path (the Uno's, or BLINK_MEGA), fetched and verified on first use. */
export async function blinkHex(manifest: FirmwareManifest = BLINK): Promise<string> {
  const dir = resolve('node_modules/.cache/pinmesh-test');
  return (await ensureFirmware({ manifest, places: { packageDir: dir, cacheDir: dir }, progress: () => undefined })).path;
}

function installed(command: string): boolean {
  try {
    execFileSync(command, ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Why the real-bootloader tests cannot run here, or false. */
export function realBootloaderSkip(bootloader: string = ATMEGABOOT): string | false {
  if (!installed('avrdude')) return 'avrdude is not installed (apt-get install avrdude)';
  if (!existsSync(bootloader)) return `${bootloader} is missing (apt-get install arduino-core-avr)`;
  return false;
}

export interface AvrdudeResult {
  code: number;
  stderr: string;
}

/** avrdude's arguments for -p atmega328p -c arduino on `link` at `baud`. */
const unoArgs = (link: string, operation: string, baud: number, extra: string[]): string[] => ['-p', 'atmega328p', '-c', 'arduino', '-b', String(baud), '-P', link, ...extra, '-U', operation];

/** avrdude with these arguments, once (killed after `timeoutMs`: then its code is not 0); its exit code and what it said. */
function runAvrdudeWith(args: string[], timeoutMs = 600_000): Promise<AvrdudeResult> {
  return new Promise((resolve) => {
    execFile('avrdude', args, { timeout: timeoutMs }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

/**
 * avrdude, tried again (as a person would) only when it never got in sync with the bootloader:
 * avrdude sends its first syncs 300 wall ms after opening the port and drains replies for 250 wall
 * ms, timings made for a board running in real time; on a machine so loaded that the simulation runs
 * at a fraction of real time, the bootloader can still be flashing its LED then, and its late reply to
 * a drained sync puts avrdude out of step. And when one reply never came (`avrdude error: timeout`,
 * 5 s): seen once, on CI's loaded fresh machine, at the second page of a `-c wiring` upload to the
 * simulated Mega, whose other pages went through in step; whether a byte was lost on the way (an
 * overrun of the simulated USART's two places) or the simulation stalled is not known yet. Any other
 * failure fails at once, and so does one that comes back three times.
 */
export function avrdude(link: string, operation: string, baud: number, extra: string[] = []): Promise<AvrdudeResult> {
  return avrdudeAgainWhenOutOfStep(unoArgs(link, operation, baud, extra));
}

/** The same for any part and programmer (the Mega's `-p atmega2560 -c wiring`): `args` as avrdude takes them. */
export function avrdudeAgainWhenOutOfStep(args: string[]): Promise<AvrdudeResult> {
  // A run is ended after 90 s (an upload takes 8–30 s here): three of them, and what each said, fit in a test's 300 s.
  return runAgainWhen(/initialization failed|not in sync|avrdude error: timeout/, () => runAvrdudeWith(args, 90_000));
}

/** `run`, run again (3 runs at most) while it fails (non-zero exit) with `failure` on stderr; a failure keeps every run's stderr. */
async function runAgainWhen<R extends { code: number | null; stderr: string }>(failure: RegExp, run: () => Promise<R>): Promise<R> {
  let result = await run();
  const earlier: string[] = [];
  for (let runs = 1; runs < 3 && result.code !== 0 && failure.test(result.stderr); runs++) {
    earlier.push(`--- run ${runs} of 3 (exit ${result.code}):\n${result.stderr}`);
    result = await run();
  }
  // A failure shows every run's output, not only the last one's.
  return result.code === 0 || earlier.length === 0 ? result : { ...result, stderr: `${earlier.join('\n')}\n--- run ${earlier.length + 1} of 3 (exit ${result.code}):\n${result.stderr}` };
}

/**
 * Waits until `pinmesh sim --json` (`sim`) printed, after its line `from`, four changes of pin 13,
 * then checks the last three are Blink's: 1 s on, 1 s off, in simulated time.
 */
export async function assertBlinks(sim: CliProcess, from: number): Promise<void> {
  const led = (): Array<{ value: number; at: number }> =>
    sim.lines
      .slice(from)
      .map((line) => JSON.parse(line) as { event: string; pin: number; value: number; at: number })
      .filter((e) => e.event === 'pin' && e.pin === 13);
  await sim.waitForLine(() => led().length >= 4);
  const edges = led().slice(-3);
  for (let i = 1; i < edges.length; i++) {
    assert.notEqual(edges[i]!.value, edges[i - 1]!.value);
    const interval = edges[i]!.at - edges[i - 1]!.at;
    assert.ok(Math.abs(interval - 1000) < 20, `pin 13 toggled after ${interval} simulated ms, not about 1000`);
  }
}

/**
 * What `pinmesh probe` says of the board at `link`, after the probe pinmesh flash ran failed with
 * `failure`. Only a probe that timed out is tried again, until the firmware answers: every open
 * resets the board into its bootloader, whose wait (ATmegaBOOT's 1.3 simulated s, optiboot's 1 s) is
 * paced to wall time, and a loaded machine can stretch it past the probe's 10 s. Any other failure fails at once.
 */
export async function probeOnceReady(link: string, failure: string, board = 'uno'): Promise<unknown> {
  for (let attempt = 0; attempt < 5; attempt++) {
    assert.match(failure, /no answer from the firmware within/);
    const probe = await runCli(['probe', '--board', board, '--serial-port', link, '--json']);
    if (probe.code === 0) return (JSON.parse(probe.stdout) as { identity: unknown }).identity;
    failure = probe.stderr;
  }
  assert.fail(`the firmware never answered the probe: ${failure}`);
}

/** What `pinmesh flash … --json` printed: its result, and the probe's after it when that answered. */
export interface FlashRun {
  code: number | null;
  stderr: string;
  result: Record<string, unknown>;
  probed: Record<string, unknown> | undefined;
}

/**
 * `pinmesh flash ARGS --json` on a simulated board's pseudo-terminal. Run again, at most 3 times in
 * all, only when no bootloader answered: on a loaded machine the simulated MCU, short of CPU, catches
 * up on its simulated time in bursts, so its bootloader's 1 s wait can pass while the flasher waits
 * for the CPU, and a pty has no DTR line for the flasher to reset the board with between its
 * attempts (a new open does). Any other failure is returned as it is, for the test to fail on.
 */
export async function flashThroughBootloader(args: string[]): Promise<FlashRun> {
  const run = await runAgainWhen(/No Arduino bootloader answered/, () => runCli([...args, '--json']));
  assert.ok(run.stdout.trim() !== '', `pinmesh flash printed no result (exit ${run.code}): ${run.stderr}`);
  // The flash's result, then the probe pinmesh flash runs after it.
  const [result, probed] = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code: run.code, stderr: run.stderr, result: result!, probed };
}
