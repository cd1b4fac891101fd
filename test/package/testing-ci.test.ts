/**
 * Issue 21.6: a maker's CI job, as docs/testing.md shows it, from the packed tarball in a fresh
 * folder: its ```sh ci-setup block (npm init -y, the tarball installed), its blink.ts,
 * blink.test.yaml and blink.test.mjs blocks written as files, its ```sh scripts block (npm test
 * running the node:test file and the scenario file), run as written. The folder is npm init's
 * "type": "commonjs", where `pinmesh/testing` is also require()d (its types are checked by the
 * strict project of packed-tarball.test.ts); then its vitest file (examples/blink.vitest.test.mjs, as the page shows it) under
 * vitest installed in that folder, and its jest file (examples/blink.jest.test.mjs) under jest. Installs prefer npm's cache; a package npm cannot get skips.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { hasNoStackTrace } from '../support/cli.js';
import { makersEnvironment } from '../support/maker-env.js';
import { codeBlock } from '../support/markdown.js';
import { packedTarball } from '../support/packed-once.js';

const repo = resolve('.');
const page = 'docs/testing.md';

const cleanEnv = (): NodeJS.ProcessEnv => makersEnvironment(repo);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(file, args, { cwd, env: { ...cleanEnv(), ...env }, timeout: 240_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr || (error && !stdout ? error.message : '') });
    });
  });
}

/**
 * A ```sh block of the page, run as written (stopping at the first failing line), its
 * `/path/to/pinmesh` standing for the folder that holds the packed tarball (support/packed-once.ts's,
 * never the clone, where packed-tarball.test.ts, running at the same time, packs and removes its own).
 */
const runBlock = (meta: string, cwd: string, env: NodeJS.ProcessEnv = {}) =>
  sh('sh', ['-c', `set -e\n${codeBlock(page, 'sh', meta).value.replaceAll('/path/to/pinmesh', packDir)}`], cwd, env);

let work: string;
let packDir: string;
let dir: string;
let skipReason: string | undefined;

const skipped = (t: TestContext) => (skipReason ? (t.skip(skipReason), true) : false);

before(
  async () => {
    if (!existsSync(join(repo, 'dist/lib/testing.js'))) {
      skipReason = 'the package is not built: run npm run build (npm test does)';
      return;
    }
    work = await mkdtemp(join(tmpdir(), 'pinmesh-testing-ci-'));
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    // Packed without `prepare` (npm test built dist/), once for the run's files that want it.
    const packed = await packedTarball();
    assert.equal(packed.filename, `pinmesh-${version}.tgz`);
    packDir = packed.dir;
    assert.ok(codeBlock(page, 'sh', 'ci-setup').value.includes(`pinmesh-${version}.tgz`), `${page} installs pinmesh-${version}.tgz`);
    const setup = await runBlock('ci-setup', work, { npm_config_offline: 'true' });
    if (setup.code !== 0 && /ENOTCACHED|offline/i.test(setup.stderr)) {
      skipReason = `npm's cache lacks a dependency of pinmesh (run node scripts/warm-npm-cache.mjs once online; .ci/run does)`;
      return;
    }
    assert.equal(setup.code, 0, `the ci-setup block of ${page} failed:\n${setup.stderr}`);
    dir = join(work, /^mkdir (\S+) && cd \1$/m.exec(codeBlock(page, 'sh', 'ci-setup').value)![1]!);
    for (const file of ['blink.ts', 'blink.test.yaml', 'blink.test.mjs']) {
      const lang = file.endsWith('.yaml') ? 'yaml' : file.endsWith('.mjs') ? 'js' : 'ts';
      await writeFile(join(dir, file), codeBlock(page, lang, file).value);
    }
  },
  { timeout: 600_000 },
);

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("a maker's CI job from docs/testing.md, from the packed tarball, in a fresh npm init -y folder", () => {
  it('npm test runs the node:test file and the scenario file, and passes', async (t) => {
    if (skipped(t)) return;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string };
    assert.equal(pkg.type ?? 'commonjs', 'commonjs', 'npm init -y wrote a CommonJS project');
    const run = await runBlock('scripts', dir);
    assert.equal(run.code, 0, `npm test failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^(# |ℹ )pass 1$/m, 'node --test ran the node:test file: TAP (Node 20, not a terminal) or spec (Node 24)');
    assert.match(run.stdout, /✔ blink lights the LED/);
    assert.match(run.stdout, /1 of 1 scenario passed/);
  });

  it("the CI job's steps pass on a fresh runner: a clean checkout of the folder as committed (no node_modules, nothing outside it), npm ci, npm test", async (t) => {
    if (skipped(t)) return;
    // The folder committed as its .gitignore says, and checked out elsewhere, as actions/checkout does on a runner.
    const git = (args: string[], cwd: string) => sh('git', ['-c', 'user.name=maker', '-c', 'user.email=maker@example.invalid', '-c', 'init.defaultBranch=main', ...args], cwd);
    for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-qm', 'the lamp']]) {
      const step = await git(args, dir);
      assert.equal(step.code, 0, `git ${args.join(' ')}: ${step.stderr}`);
    }
    const runner = join(work, 'runner', 'work');
    await mkdir(runner, { recursive: true });
    const checkout = await git(['clone', '-q', dir, 'lamp'], runner);
    assert.equal(checkout.code, 0, checkout.stderr);
    const clean = join(runner, 'lamp');
    assert.equal(existsSync(join(clean, 'node_modules')), false, 'node_modules is not committed');
    const steps = [...codeBlock(page, 'yaml', '.github/workflows/test.yml').value.matchAll(/^\s+- run: (.+)$/gm)].map((match) => match[1]!);
    assert.deepEqual(steps, ['npm ci', 'npm test']);
    for (const step of steps) {
      // prefer-online: npm reads a file: tarball from its path, not from this machine's cache by its
      // integrity, as a runner's empty cache makes it do; offline: the registry's packages from the cache.
      const run = await sh('sh', ['-c', step], clean, { npm_config_offline: 'true', npm_config_prefer_online: 'true' });
      assert.equal(run.code, 0, `${step} failed on the clean checkout:\n${run.stdout}\n${run.stderr}`);
      if (step === 'npm test') assert.match(run.stdout, /1 of 1 scenario passed/);
    }
  });

  it('npm test fails, naming the file, the step, expected and happened, when the sketch breaks', async (t) => {
    if (skipped(t)) return;
    const broken = join(dir, 'broken.test.yaml');
    await writeFile(broken, readFileSync(join(dir, 'blink.test.yaml'), 'utf8').replace('value: 0, timeout: 2s', 'value: 1, timeout: 2s'));
    const run = await sh('npx', ['pinmesh', 'test', 'broken.test.yaml', '--reporter', 'junit'], dir);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /<testsuites name="pinmesh test" tests="5" failures="1"/);
    assert.match(run.stderr, /^pinmesh: broken\.test\.yaml:11: step 5 wait-pin \{pin: 13, value: 1, timeout: 2000\}: expected pin 13 to become 1 within 2 s, but it stayed 0 since 10 s \(at 12 s of the run's time\)$/m);
    assert.ok(hasNoStackTrace(run.stderr), run.stderr);
  });

  it('vitest runs the vitest file of the page (examples/blink.vitest.test.mjs) in the same folder', async (t) => {
    if (skipped(t)) return;
    const file = codeBlock(page, 'js', 'blink.vitest.test.mjs').value;
    assert.equal(file.trimEnd(), readFileSync('examples/blink.vitest.test.mjs', 'utf8').trimEnd(), `${page} shows examples/blink.vitest.test.mjs as it is`);
    await writeFile(join(dir, 'blink.vitest.test.mjs'), file);
    const run = await runBlock('vitest', dir, { npm_config_prefer_offline: 'true', CI: 'true', NO_COLOR: '1' });
    if (run.code !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN|network/i.test(run.stderr)) return t.skip(`npm could not get vitest: ${run.stderr.split('\n')[0]}`);
    assert.equal(run.code, 0, `vitest failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout.replace(/\x1b\[[0-9;]*m/g, ''), /Tests\s+2 passed \(2\)/);
    // Adding a package did not make npm install the optional dependencies pinmesh's johnny-five is
    // bundled without (firmata, serialport@8 and its add-on compiled by node-gyp: 69 packages).
    for (const left of ['firmata', 'browser-serialport', '@serialport/bindings']) {
      assert.ok(!existsSync(join(dir, 'node_modules', left)) && !existsSync(join(dir, 'node_modules/pinmesh/node_modules', left)), `npm install --save-dev vitest also installed ${left}`);
    }
  });

  it('jest runs the jest file of the page (examples/blink.jest.test.mjs) with its JavaScript sketch, and refuses a .ts sketch with advice', async (t) => {
    if (skipped(t)) return;
    for (const name of ['blink.mjs', 'blink.jest.test.mjs']) {
      const file = codeBlock(page, 'js', name).value;
      assert.equal(file.trimEnd(), readFileSync(`examples/${name}`, 'utf8').trimEnd(), `${page} shows examples/${name} as it is`);
      await writeFile(join(dir, name), file);
    }
    const run = await runBlock('jest', dir, { npm_config_prefer_offline: 'true', CI: 'true', NO_COLOR: '1' });
    if (run.code !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN|network/i.test(run.stderr)) return t.skip(`npm could not get jest: ${run.stderr.split('\n')[0]}`);
    assert.equal(run.code, 0, `jest failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /Tests:\s+1 passed, 1 total/);
    // The folder's blink.ts, which jest has no transform for here: one line of advice, no stack.
    await writeFile(
      join(dir, 'blink-ts.jest.test.mjs'),
      "import { expect, test } from '@jest/globals';\nimport { testSketch } from 'pinmesh/testing';\ntest('ts', async () => {\n  await expect(testSketch('blink.ts')).rejects.toThrow(/has no TypeScript transform \\(jest: add ts-jest, or write the sketch in JavaScript/);\n});\n",
    );
    const refused = await sh('npx', ['jest', 'blink-ts.jest.test.mjs'], dir, { NODE_OPTIONS: '--experimental-vm-modules', CI: 'true', NO_COLOR: '1' });
    assert.equal(refused.code, 0, `${refused.stdout}\n${refused.stderr}`);
  });

  // Its types are checked by a strict project in test/package/packed-tarball.test.ts, with pinmesh's (one tsc, 10 s of CPU).
  it("require('pinmesh/testing') works in the CommonJS folder", async (t) => {
    if (skipped(t)) return;
    const required = await sh(process.execPath, ['-e', "const t = require('pinmesh/testing'); console.log(typeof t.testSketch, typeof t.testCircuit)"], dir);
    assert.equal(required.stdout.trim(), 'function function', required.stderr);
  });
});
