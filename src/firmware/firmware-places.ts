/**
 * Where the StandardFirmata hex lives: in the pinmesh package's firmware/ folder when that is
 * writable (a project's node_modules, the repository), else in the person's cache folder (a global
 * install owned by root): ~/.cache/pinmesh (or $XDG_CACHE_HOME/pinmesh) on Linux,
 * ~/Library/Caches/pinmesh on macOS, %LOCALAPPDATA%\pinmesh\Cache on Windows.
 */
import envPaths from 'env-paths';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { FirmwareManifest } from './firmware-manifest.js';

export interface FirmwarePlaces {
  /** The pinmesh package's firmware/ folder. */
  packageDir: string;
  /** The person's cache folder for pinmesh. */
  cacheDir: string;
}

export function firmwarePlaces(root: string = packageRoot()): FirmwarePlaces {
  return { packageDir: join(root, 'firmware'), cacheDir: envPaths('pinmesh', { suffix: '' }).cache };
}

/** The places to look, in order: the package's own folder, then the cache. */
export function firmwareCandidates(places: FirmwarePlaces, manifest: FirmwareManifest): string[] {
  return [join(places.packageDir, manifest.file), join(places.cacheDir, manifest.file)];
}
