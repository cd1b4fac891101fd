/**
 * A newcomer's mistakes are theirs, named with their file and line, whichever kind of folder the
 * sketch is in (CommonJS, as `npm init -y` makes it, or "type": "module") and whichever extension
 * it has: every mistake of test/support/sketch-mistakes.ts, in every cell of that table, through the
 * loader and the blame the CLI uses (sketch-mistakes-cli.test.ts runs some through `pinmesh run` itself).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { blameSketch } from '../../src/runtime/sketch-error.js';
import { loadSketchFile } from '../../src/runtime/sketch-file.js';
import { fileSketch } from '../../src/sketches/node-plan.js';
import { mistakes, sketchExtensions, writeMistake, type Mistake } from '../support/sketch-mistakes.js';

const folderTypes = ['commonjs', 'module'] as const;

/** What pinmesh says of the mistake: the loader's refusal (of the file, then of the class as `pinmesh run` serves it), or the blame of the error the sketch's code throws. */
async function whatPinmeshSays(path: string, mistake: Mistake): Promise<string> {
  let sketchClass;
  try {
    sketchClass = await loadSketchFile(path);
    fileSketch(sketchClass, path);
  } catch (error) {
    assert.ok(error instanceof UserError, `not the person's mistake: ${String(error)}`);
    return error.message;
  }
  assert.notEqual(mistake.when, 'loading', `${basename(path)} loaded`);
  const sketch = Object.create(sketchClass.prototype) as Record<string, (options?: unknown) => unknown>;
  Object.defineProperty(sketch, 'board', { value: {} });
  try {
    await (mistake.when === 'setup' ? sketch.setup!({}) : sketch.later!());
  } catch (error) {
    const blamed = blameSketch(error, mistake.when === 'setup' ? 'in setup()' : 'while running');
    assert.ok(blamed, `not blamed on the sketch: ${(error as Error).stack}`);
    return blamed.message;
  }
  assert.fail(`${basename(path)} did not fail`);
}

for (const type of folderTypes) {
  describe(`a sketch's mistakes in a "type": "${type}" folder`, () => {
    let folder: string;
    before(async () => {
      folder = await mkdtemp(join(tmpdir(), `pinmesh-mistakes-${type}-`));
      await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'first-sketch', version: '1.0.0', type }, null, 2));
    });
    after(() => rm(folder, { recursive: true, force: true }));

    for (const extension of sketchExtensions) {
      for (const mistake of mistakes) {
        it(`${extension}: ${mistake.title} is named as the person's, with the file`, async () => {
          const path = await writeMistake(join(folder), mistake, extension);
          const message = await whatPinmeshSays(path, mistake);
          assert.match(message, mistake.says);
          assert.ok(message.includes(basename(path)), message);
        });
      }
    }
  });
}
