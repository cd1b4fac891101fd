#!/usr/bin/env node
// Puts in npm's cache what the package tests (test/package/) need to install pinmesh offline, as a
// maker's folder does: `npm install /path/to/pinmesh/pinmesh-X.tgz`. Run once, online; .ci/run does.
//
// Why it is needed: `npm install` in this repository follows package-lock.json, so npm's cache gets
// every package's tarball but none of the registry's package documents (the list of a package's
// versions). Installing the packed tarball elsewhere resolves pinmesh's dependency ranges, which
// needs those documents; offline, without them, npm stops with ENOTCACHED and the package tests
// skip themselves. This packs the clone (no scripts: dist/ is used as it is), installs the tarball
// in a throwaway `npm init -y` folder preferring the cache (so only what is missing is fetched), and
// removes the folder. Whatever the install fetched stays in the cache.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'pinmesh-warm-cache-'));
const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } };
try {
  execFileSync(npm, ['pack', '--ignore-scripts', '--loglevel=error', '--pack-destination', work], { ...quiet, cwd: root });
  execFileSync(npm, ['init', '-y'], { ...quiet, cwd: work });
  execFileSync(npm, ['install', '--prefer-offline', '--ignore-scripts', '--loglevel=error', join(work, `pinmesh-${version}.tgz`)], { ...quiet, cwd: work });
  console.log(`npm's cache holds what an offline install of pinmesh-${version}.tgz needs`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
