import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** Where `npm install` puts the StandardFirmata build for the Uno, relative to the package root. */
export const BUNDLED_FIRMWARE = 'firmware/StandardFirmata-uno.hex';

/** The StandardFirmata hex `npm install` fetched and verified (firmware/fetch-firmware.mjs). */
export function bundledFirmwarePath(root: string = packageRoot()): string {
  return join(root, BUNDLED_FIRMWARE);
}
