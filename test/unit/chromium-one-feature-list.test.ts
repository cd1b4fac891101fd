/**
 * test/support/chromium-one-feature-list.sh, which the browser tests start chromium through:
 * chromium keeps only the last --disable-features (and --enable-features), so the wrapper hands it
 * one of each, every list it was given merged in order, and the other arguments as they came.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const wrapper = resolve('test/support/chromium-one-feature-list.sh');
let dir: string;
let printArgs: string;

/** The arguments the wrapper started `binary` with (none: PINMESH_CHROMIUM_BINARY unset). */
const startedWith = async (args: string[], binary: string | null = printArgs) => {
  const { PINMESH_CHROMIUM_BINARY: _, ...env } = process.env;
  const { stdout } = await promisify(execFile)(wrapper, args, { env: binary === null ? env : { ...env, PINMESH_CHROMIUM_BINARY: binary } });
  return stdout.split('\n').slice(0, -1);
};

describe("the browser tests' chromium launcher (one --disable-features, one --enable-features)", () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-feature-list-'));
    printArgs = join(dir, 'print-args');
    // Stands in for chromium: prints each argument it was started with on a line of its own.
    await writeFile(printArgs, '#!/bin/sh\nfor arg do printf "%s\\n" "$arg"; done\n');
    await chmod(printArgs, 0o755);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("merges playwright's lists and the tests' into one switch each, keeping every other argument and its place", async () => {
    const args = ['--headless', '--disable-features=PaintHolding,HttpsUpgrades', '--enable-features=CDPScreenshotNewSurface', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '', '--disable-features=WebUIOmniboxPopup', '--no-sandbox'];
    assert.deepEqual(await startedWith(args), [
      '--disable-features=PaintHolding,HttpsUpgrades,WebUIOmniboxPopup',
      '--enable-features=CDPScreenshotNewSurface',
      '--headless',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      '',
      '--no-sandbox',
    ]);
  });

  it('adds no feature switch it was not given', async () => {
    assert.deepEqual(await startedWith(['--headless', 'about:blank']), ['--headless', 'about:blank']);
  });

  it('refuses to start without the chromium to run', async () => {
    await assert.rejects(startedWith(['--headless'], null), /PINMESH_CHROMIUM_BINARY: the chromium to start/);
  });
});
