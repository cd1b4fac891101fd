/**
 * The firmware fetched as npm fetches a package (`npm pack`), with the registry unreachable: the
 * reason names the command a person would type, as run under npm (npx, npm run) or not.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FirmwareDownloadError, downloadWithNpm } from '../../src/firmware/firmware-download.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';

/** npm's own CLI, as npx and npm run name it in npm_execpath (npm test sets it); else the one beside this node. */
const npmCli = /npm-cli\.c?js$/.test(process.env.npm_execpath ?? '') ? process.env.npm_execpath! : join(dirname(dirname(process.execPath)), 'lib/node_modules/npm/bin/npm-cli.js');

describe('fetching the firmware with the npm registry unreachable', () => {
  let cache: string;
  const saved = { ...process.env };
  before(async () => {
    cache = await mkdtemp(join(tmpdir(), 'pinmesh-npm-cache-'));
    // A registry where nothing listens, on this machine; an empty cache, and no retries: npm fails at once.
    Object.assign(process.env, { npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: cache, npm_config_fetch_retries: '0', npm_config_offline: '' });
  });
  after(async () => {
    process.env = saved;
    await rm(cache, { recursive: true, force: true });
  });

  for (const underNpm of [true, false]) {
    it(`${underNpm ? 'under npm (npx, npm run)' : 'from a shell'}: the reason names npm pack and the package, with npm's own error line`, async (t) => {
      if (underNpm && !existsSync(npmCli)) return t.skip(`no npm CLI at ${npmCli}`);
      if (underNpm) process.env.npm_execpath = npmCli;
      else delete process.env.npm_execpath;
      const manifest = readFirmwareManifest();
      await assert.rejects(downloadWithNpm(manifest), (error: unknown) => {
        assert.ok(error instanceof FirmwareDownloadError);
        assert.match(error.message, new RegExp(`^npm pack ${manifest.package}@${manifest.version} failed: npm error .*(ECONNREFUSED|127\\.0\\.0\\.1:9)`));
        return true;
      });
    });
  }
});
