import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm install` puts the StandardFirmata build for the Uno, relative to the package root. */
export const BUNDLED_FIRMWARE = 'firmware/StandardFirmata-uno.hex';

/** The pinmesh package's root folder, found from src/ (sources, tsx) or dist/src/ (built) alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'pinmesh') return dir;
    } catch {
      // not here; look higher
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the pinmesh package root');
}

/** The StandardFirmata hex `npm install` fetched and verified (firmware/fetch-firmware.mjs). */
export function bundledFirmwarePath(root: string = packageRoot()): string {
  return join(root, BUNDLED_FIRMWARE);
}
