/**
 * What the tests against real bootloader code need: Debian's bootloaders (arduino-core-avr),
 * avrdude, and avrgirl-arduino's Blink for the Uno, fetched from the npm registry exactly as the
 * StandardFirmata hex is (npm pack, checked against its SHA-256) and kept in node_modules/.cache.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureFirmware } from '../../src/firmware/ensure-firmware.js';
import type { FirmwareManifest } from '../../src/firmware/firmware-manifest.js';

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
