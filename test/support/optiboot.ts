/**
 * Optiboot, the Uno's own bootloader (STK500v1 at 115200 baud, 512 bytes at 0x7E00), built here
 * from the source Debian's arduino-core-avr ships, with Debian's gcc-avr, by
 * scripts/build-optiboot.sh (Debian's prebuilt image is 532 bytes: it does not fit the boot
 * section). Built once per cache folder, on first use.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export const OPTIBOOT_SOURCE = '/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot/optiboot.c';
const SCRIPT = resolve('scripts/build-optiboot.sh');

/** Builds optiboot into `dir` (the script's own checks: the code must fit below 0x7FFE); resolves with the hex's path. */
export async function buildOptiboot(dir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(SCRIPT, [dir]);
  return stdout.trim();
}

let built: Promise<string> | undefined;
/** optiboot for the Uno, built into node_modules/.cache on first use in this process. */
export function optibootHex(): Promise<string> {
  built ??= buildOptiboot(resolve('node_modules/.cache/pinmesh-test/optiboot'));
  return built;
}

/** Why optiboot cannot be built here, or false. */
export function optibootSkip(): string | false {
  try {
    execFileSync('avr-gcc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'avr-gcc is not installed (apt-get install gcc-avr avr-libc): it builds optiboot';
  }
  if (!existsSync(OPTIBOOT_SOURCE)) return `${OPTIBOOT_SOURCE} is missing (apt-get install arduino-core-avr)`;
  return false;
}
