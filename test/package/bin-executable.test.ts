/**
 * The bin package.json names stays executable across builds: `npx pinmesh` in this repository (and
 * a `npm link`ed copy) runs the file itself, by its #! line, after every `npm run build`, `npm test`
 * or `npm pack` rebuilds it (npm test builds first).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { pinmeshBin } from '../support/cli.js';

describe('the pinmesh bin after a build', { skip: process.platform === 'win32' && 'Windows has no executable bits' }, () => {
  it('has its executable bits', () => {
    assert.notEqual(statSync(pinmeshBin).mode & 0o111, 0, `${pinmeshBin} is mode ${(statSync(pinmeshBin).mode & 0o777).toString(8)}`);
  });

  it('runs as a command of its own, the way npx and the shell start it', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(pinmeshBin, ['--version'], { timeout: 60_000 }, (error, out) => (error ? reject(error) : resolve(out)));
    });
    assert.equal(stdout.trim(), version);
  });
});
