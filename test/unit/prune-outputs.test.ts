/**
 * scripts/prune-outputs.mjs, which runs after each incremental build (`tsc -b`): it removes what tsc
 * wrote for a source that is gone, and keeps what it wrote for every source of the program, those the
 * tsconfig includes and those they import from outside it (the tests import bench/lib, which
 * test/tsconfig.json does not include; the view's page imports src/errors.ts, written straight into
 * dist/www).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const repo = resolve('.');
const run = promisify(execFile);

let dir: string;
const at = (path: string) => join(dir, path);
const prune = () => run(process.execPath, [join(repo, 'scripts/prune-outputs.mjs'), 'project/tsconfig.json'], { cwd: dir });

describe('scripts/prune-outputs.mjs after tsc -b', () => {
  /**
   * A project that includes project/*.ts only, rooted one folder up: its main.ts imports shared/two.ts
   * (written to out/shared/) and top.ts (written straight into out/), neither of them included.
   */
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-prune-outputs-'));
    await mkdir(at('project'));
    await mkdir(at('shared'));
    const compilerOptions = { rootDir: '..', outDir: '../out', incremental: true, tsBuildInfoFile: '../out/project.tsbuildinfo', module: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], sourceMap: true };
    await writeFile(at('project/tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
    await writeFile(at('project/main.ts'), "import { two } from '../shared/two.js';\nimport { top } from '../top.js';\nexport const sum: number = two + top;\n");
    await writeFile(at('shared/two.ts'), 'export const two = 2;\n');
    await writeFile(at('top.ts'), 'export const top = 1;\n');
    await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'project/tsconfig.json'], { cwd: dir });
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("removes the outputs of sources that are gone, and keeps those of every file the program compiled, included or imported", async () => {
    for (const stale of ['out/project/gone.js', 'out/project/gone.js.map', 'out/shared/renamed.js']) await writeFile(at(stale), '');
    await writeFile(at('out/shared/notes.txt'), 'not a file tsc writes');
    const { stdout } = await prune();
    for (const kept of ['out/project/main.js', 'out/project/main.js.map', 'out/shared/two.js', 'out/shared/two.js.map', 'out/top.js', 'out/shared/notes.txt']) {
      assert.ok(existsSync(at(kept)), `${kept} is kept`);
    }
    for (const stale of ['out/project/gone.js', 'out/project/gone.js.map', 'out/shared/renamed.js']) {
      assert.equal(existsSync(at(stale)), false, `${stale} is removed`);
      assert.match(stdout, new RegExp(`^prune-outputs: removed ${stale.replaceAll('.', '\\.')} \\(its source is gone\\)$`, 'm'));
    }
  });

  it('refuses, naming what to run, a project with no build info to read the program from', async () => {
    await rm(at('out/project.tsbuildinfo'));
    const refused = await prune().then(
      () => assert.fail('prune-outputs pruned without the build info'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^prune-outputs: project\/tsconfig\.json: no build info to read at .*project\.tsbuildinfo \(ENOENT\): run tsc -b project\/tsconfig\.json first$/m);
    assert.ok(existsSync(at('out/shared/two.js')), 'nothing was removed');
  });
});
