/**
 * Where the StandardFirmata hex lives: <package root>/firmware/StandardFirmata-uno.hex, written at
 * install time by firmware/fetch-firmware.mjs. Found by walking up from this module, so it works
 * from src/ (tsx) and from dist/src/ (built) alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIRMWARE_FILE = 'StandardFirmata-uno.hex';

export function defaultHexPath(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'firmware', 'firmware.json'))) return join(dir, 'firmware', FIRMWARE_FILE);
    if (dirname(dir) === dir) break;
  }
  // Not inside the package (unusual): point at the conventional place so the error names it.
  return join(start, '..', '..', '..', 'firmware', FIRMWARE_FILE);
}
