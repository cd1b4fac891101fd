/**
 * What `npm pack` makes of the repository, without writing the tarball: its name, its sizes and the
 * files it holds, as `npm pack --dry-run --json` reports them. As npm pack does it: the prepack step
 * first (scripts/trim-bundle.mjs leaves johnny-five's optional dependencies out of the bundle), then
 * the pack with scripts off (`prepare` would rebuild dist/ from under the other tests).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PackedTarball {
  filename: string;
  /** Bytes, gzipped. */
  size: number;
  unpackedSize: number;
  /** Paths inside the package, as installed under node_modules/pinmesh (no `package/` prefix). */
  files: { path: string }[];
}

export async function packDryRun(): Promise<PackedTarball> {
  await run(process.execPath, ['scripts/trim-bundle.mjs']);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { stdout } = await run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { maxBuffer: 32 * 1024 * 1024 });
  const [first] = JSON.parse(stdout) as PackedTarball[];
  assert.ok(first, 'npm pack --json describes one tarball');
  return first;
}
