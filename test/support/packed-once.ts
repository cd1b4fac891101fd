/**
 * What `npm pack` makes of the repository: the tarball, its name, its sizes and the files it holds,
 * as `npm pack --json` reports them. As npm pack does it: the prepack step first
 * (scripts/trim-bundle.mjs leaves johnny-five's optional dependencies out of the bundle), then the
 * pack with scripts off (`prepare` would rebuild dist/ from under the other tests).
 *
 * Packed once per `npm test`: three files want the same tarball (the size budget, the links of the
 * shipped pages, the maker's CI job), and each pack is about 2 s of CPU. The first to ask packs into
 * the run's own folder (test/run-tests.ts names it in PINMESH_TEST_RUN_DIR); the others, running at
 * the same time in other processes, wait for its result there. A file run on its own packs into a
 * folder of its own, removed when it exits. (packed-tarball.test.ts runs getting-started's pack
 * lines as written, so it packs for itself.)
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { makersEnvironment } from './maker-env.js';

const run = promisify(execFile);

/** Where test/run-tests.ts tells the files of its run the run's own folder. */
export const TEST_RUN_DIR = 'PINMESH_TEST_RUN_DIR';

export interface PackedTarball {
  filename: string;
  /** Bytes, gzipped. */
  size: number;
  unpackedSize: number;
  /** Paths inside the package, as installed under node_modules/pinmesh (no `package/` prefix). */
  files: { path: string }[];
}

export interface Packed extends PackedTarball {
  /** The folder that holds the tarball (`filename` in it). Shared: read it, never change it. */
  dir: string;
}

/** How long a file waits for another's pack before it packs for itself (the packer may have been stopped). */
const WAIT_MS = 180_000;

let packed: Promise<Packed> | undefined;

/** The repository's tarball, packed once per run (see above). */
export function packedTarball(): Promise<Packed> {
  packed ??= packShared();
  return packed;
}

async function packShared(): Promise<Packed> {
  const runDir = process.env[TEST_RUN_DIR];
  if (!runDir) return packInto(privateDir());
  const dir = join(runDir, 'packed-tarball');
  const result = join(dir, 'pack.json');
  const failure = join(dir, 'failed.txt');
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return waitForPack(dir, result, failure);
  }
  try {
    const tarball = await packInto(dir);
    writeFileSync(`${result}.part`, JSON.stringify(tarball));
    renameSync(`${result}.part`, result);
    return tarball;
  } catch (error) {
    writeFileSync(failure, (error as Error).message);
    throw error;
  }
}

/** The pack another file of the run is making: its result, its failure, or (if it never comes) a pack of this file's own. */
async function waitForPack(dir: string, result: string, failure: string): Promise<Packed> {
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    const done = readIfThere(result);
    if (done !== undefined) return { ...(JSON.parse(done) as PackedTarball), dir };
    const failed = readIfThere(failure);
    if (failed !== undefined) throw new Error(`npm pack failed in another test file of this run: ${failed}`);
    await sleep(100);
  }
  return packInto(privateDir());
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A folder of this process's own, removed when it exits. */
function privateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinmesh-pack-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function packInto(dir: string): Promise<Packed> {
  const repo = resolve('.');
  const env = makersEnvironment(repo);
  await run(process.execPath, ['scripts/trim-bundle.mjs'], { cwd: repo, env });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: repo, env, maxBuffer: 32 * 1024 * 1024 });
  const [first] = JSON.parse(stdout) as PackedTarball[];
  assert.ok(first, 'npm pack --json describes one tarball');
  return { filename: first.filename, size: first.size, unpackedSize: first.unpackedSize, files: first.files, dir };
}
