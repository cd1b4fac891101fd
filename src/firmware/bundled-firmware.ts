import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** Where the StandardFirmata build for the Uno is kept in the package (firmware-places.ts: or the user's cache). */
export const BUNDLED_FIRMWARE = 'firmware/StandardFirmata-uno.hex';

/** The StandardFirmata hex in the package's firmware/ folder (ensure-firmware.ts fetches and verifies it). */
export function bundledFirmwarePath(root: string = packageRoot()): string {
  return join(root, BUNDLED_FIRMWARE);
}
