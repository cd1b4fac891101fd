/**
 * `pinmesh run` in the folder `npm init -y` makes (CommonJS): one cell of each way a newcomer's
 * sketch fails (while loading, a syntax error, in setup(), later from a timer; .ts, .js and .mjs) run by the CLI itself,
 * which must print one line that names their file, and no "bug in pinmesh".
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, hasNoStackTrace, runCli } from '../support/cli.js';
import { mistakes, writeMistake, type Mistake, type SketchExtension } from '../support/sketch-mistakes.js';

describe('pinmesh run in the folder npm init -y makes (CommonJS)', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pinmesh-mistakes-cli-'));
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'first-sketch', version: '1.0.0', type: 'commonjs' }, null, 2));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  const cells: Array<[SketchExtension, Mistake]> = [
    ['.ts', mistakes[0]!],
    ['.ts', mistakes[2]!],
    ['.ts', mistakes[4]!],
    ['.js', mistakes[1]!],
    ['.ts', mistakes[7]!],
    ['.mjs', mistakes[7]!],
    ['.mjs', mistakes[8]!],
  ];
  for (const [extension, mistake] of cells) {
    it(`${extension}: ${mistake.title}: one line of advice on stderr, no "bug in pinmesh", no stack`, async () => {
      const path = await writeMistake(folder, mistake, extension);
      const result = await runCli(['run', basename(path), '--board', 'mock', '--port', String(await freePort())], { cwd: folder });
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr.trim(), new RegExp(`^pinmesh: .*${basename(path).replace('.', '\\.')}`));
      assert.match(result.stderr.trim(), mistake.says);
      assert.ok(hasNoStackTrace(result.stderr) && !/bug in pinmesh/.test(result.stderr), result.stderr);
    });
  }
});
