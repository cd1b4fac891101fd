/**
 * A bench its test forgot to stop (no `await bench.stop()`) would keep the board, its sockets and
 * the simulated MCU up, and `node --test` would wait for the test file's process forever after the
 * last test passed, as would the test file run as it is (`node file.test.mjs`). Under node:test,
 * either way, pinmesh/testing stops it after the file's last test and says so, and never earlier: a
 * bench started in before() or beforeEach() serves the tests after it. A program that is no test
 * file is left alone.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

/** pinmesh/testing as the package ships it (npm test builds it), loaded by plain Node as a person's test file loads it. */
const testing = pathToFileURL(resolve('dist/lib/testing.js')).href;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pinmesh-forgotten-stop-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * `node --test FILE` on `body` (a test file importing pinmesh/testing), or with `{ as: 'plain' }`
 * `node FILE` (the file run as it is), within 60 s: its exit code and output.
 */
async function nodeTest(name: string, body: string, { as = 'runner' }: { as?: 'runner' | 'plain' } = {}): Promise<{ code: number | null; killed: boolean; output: string }> {
  const file = join(dir, name);
  await writeFile(file, `import assert from 'node:assert/strict';\nimport { after, afterEach, before, beforeEach, describe, it } from 'node:test';\nimport { testCircuit, testSketch } from '${testing}';\n${body}`);
  // A runner of its own, as a person's `node --test` is: not this file's child (NODE_TEST_CONTEXT).
  const { NODE_TEST_CONTEXT: _ours, ...env } = process.env;
  const args = as === 'runner' ? ['--test', '--test-reporter=spec', file] : ['--test-reporter=spec', file];
  return new Promise((done) => {
    execFile(process.execPath, args, { timeout: 60_000, env }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, killed: Boolean(error?.killed), output: stdout + stderr });
    });
  });
}

/** `node FILE` on `text`, a program that is no test file: its exit code and output. */
async function nodeProgram(name: string, text: string): Promise<{ code: number | null; killed: boolean; output: string }> {
  const file = join(dir, name);
  await writeFile(file, text);
  const { NODE_TEST_CONTEXT: _ours, ...env } = process.env;
  return new Promise((done) => {
    execFile(process.execPath, [file], { timeout: 60_000, env }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, killed: Boolean(error?.killed), output: stdout + stderr });
    });
  });
}

/** A bench for a whole suite (before/after) and one a test (beforeEach/afterEach), each stopped where it should be. */
/**
 * The JavaScript blink: what these files test is the stop, not the loading (a TypeScript sketch under
 * `node --test` is testing-ci.test.ts's, the maker's CI job). On Node 20 each process loading
 * blink.ts starts tsx's loader thread: this file took 7.6–9.5 s of CPU with it, 5.5–6.1 s without
 * (three runs each, alternated).
 */
const blink = resolve('examples/blink.mjs');
const BENCHES_IN_HOOKS = `describe('one bench for the suite', () => {
  let bench;
  before(async () => { bench = await testSketch('${blink}'); });
  after(() => bench.stop());
  it('on', async () => assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)'));
  it('off', async () => assert.equal(await bench.send('/desk', 'off'), 'led off (asked on /desk)'));
});
describe('a bench a test', () => {
  let bench;
  beforeEach(async () => { bench = await testSketch('${blink}'); });
  afterEach(() => bench.stop());
  it('on', async () => assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)'));
  it('on again', async () => assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)'));
});`;

describe('a bench its test forgot to stop', () => {
  it('on the mock board: the test file still ends, passed, and the warning says to call bench.stop()', async () => {
    const run = await nodeTest(
      'mock.test.mjs',
      `it('forgets to stop', async () => {
        const bench = await testSketch('${blink}', { options: { pin: 13 } });
        assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
      });`,
    );
    assert.equal(run.killed, false, `node --test never ended:\n${run.output}`);
    assert.equal(run.code, 0, run.output);
    // One line naming the sketch, the test and the line that started the bench, and what to do.
    assert.ok(
      run.output.includes(
        `[PINMESH_BENCH_NOT_STOPPED] Warning: the bench of ${blink}, started in the test "forgets to stop" at ${join(dir, 'mock.test.mjs')}:5, was still running after the last test: pinmesh/testing stopped it. Call \`await bench.stop()\` in \`finally\` or \`after()\`.\n`,
      ),
      run.output,
    );
  });

  it('on the simulated Uno, whose MCU turns on and on: the same', async () => {
    const run = await nodeTest(
      'sim.test.mjs',
      `it('forgets to stop', async () => {
        const bench = await testSketch('${blink}', { board: 'sim', options: { pin: 13 } });
        assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
        await bench.delay('100ms');
        assert.equal(bench.level(13), 1);
      });`,
    );
    assert.equal(run.killed, false, `node --test never ended:\n${run.output}`);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /PINMESH_BENCH_NOT_STOPPED/);
  });

  it('each warning names the test that started its bench by its full name (in a test, a subtest, a beforeEach()), or only the line (a before()), whatever the tests ran in between', async () => {
    const run = await nodeTest(
      'names.test.mjs',
      `describe('the lamp', () => {
        let suiteBench;
        before(async () => { suiteBench = await testSketch('${blink}'); });
        it('passes first', async () => { await new Promise((resolve) => setTimeout(resolve, 1)); });
        describe('at night', () => {
          it('forgets to stop', async () => {
            await new Promise((resolve) => setTimeout(resolve, 1));
            await testSketch('${blink}', { options: { pin: 13 } });
          });
        });
      });
      describe('a bench a test', () => {
        beforeEach(async () => { await testSketch('${blink}'); });
        it('forgets in beforeEach', () => {});
      });
      it('has a subtest', async (t) => { await t.test('which forgets', async () => { await testSketch('${blink}'); }); });`,
    );
    assert.equal(run.code, 0, run.output);
    const warnings = run.output.split('\n').filter((line) => line.includes('PINMESH_BENCH_NOT_STOPPED')).map((line) => line.replace(/^.*\] Warning: the bench of \S+, started /, '').replace(/, was still running after the last test: .*$/, ''));
    const file = join(dir, 'names.test.mjs');
    assert.deepEqual(warnings.sort(), [
      `at ${file}:6`,
      `in the test "a bench a test > forgets in beforeEach" at ${file}:16`,
      `in the test "has a subtest > which forgets" at ${file}:19`,
      `in the test "the lamp > at night > forgets to stop" at ${file}:11`,
    ]);
  });

  it('benches started in before() and beforeEach() serve the tests after them, and are not warned about when after() and afterEach() stop them', async () => {
    const run = await nodeTest('hooks.test.mjs', BENCHES_IN_HOOKS);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /pass 4/);
    assert.doesNotMatch(run.output, /PINMESH_BENCH_NOT_STOPPED/);
  });

  it('a testSketch() not awaited, in the last test: the test fails (bench.stop is not a function), and the file still ends once the bench, started after its test ended, is stopped with the warning', async () => {
    const run = await nodeTest(
      'not-awaited.test.mjs',
      `it('forgets to await', async () => {
        const bench = testSketch('${blink}');
        try { await bench.send('/desk', 'on'); } finally { await bench.stop(); }
      });`,
    );
    assert.equal(run.killed, false, `node --test never ended:\n${run.output}`);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /bench\.stop is not a function/);
    assert.ok(
      run.output.includes(
        `[PINMESH_BENCH_NOT_STOPPED] Warning: the bench of ${blink}, started in the test "forgets to await" at ${join(dir, 'not-awaited.test.mjs')}:5, was still running after the last test: pinmesh/testing stopped it. Its test ended before it had started: \`await testSketch(…)\`, then \`await bench.stop()\` in \`finally\` or \`after()\`.\n`,
      ),
      run.output,
    );
  });

  it('a testCircuit() not awaited: the same', async () => {
    const run = await nodeTest(
      'circuit-not-awaited.test.mjs',
      `it('forgets to await', async () => {
        const bench = testCircuit({ ticks: 2 });
        try { await bench.until(bench.done); } finally { await bench.stop(); }
      });`,
    );
    assert.equal(run.killed, false, `node --test never ended:\n${run.output}`);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /the bench of the circuit article, started in the test "forgets to await" at .*: pinmesh\/testing stopped it\. Its test ended before it had started: `await testCircuit\(…\)`/);
  });

  it('a bench that was stopped gets no warning', async () => {
    const run = await nodeTest(
      'stopped.test.mjs',
      `it('stops', async () => {
        const bench = await testSketch('${blink}');
        try { assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)'); } finally { await bench.stop(); }
        await bench.stop(); // a second stop is the first one's
      });`,
    );
    assert.equal(run.code, 0, run.output);
    assert.doesNotMatch(run.output, /PINMESH_BENCH_NOT_STOPPED/);
  });
});

describe('a bench its test forgot to stop, in a test file run as it is (node file.test.mjs, no --test)', () => {
  it('on the mock board: the file still ends, passed, with the same warning', async () => {
    const run = await nodeTest(
      'plain.test.mjs',
      `it('forgets to stop', async () => {
        const bench = await testSketch('${blink}', { options: { pin: 13 } });
        assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
      });`,
      { as: 'plain' },
    );
    assert.equal(run.killed, false, `node file.test.mjs never ended:\n${run.output}`);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /pass 1/);
    assert.ok(
      run.output.includes(
        `[PINMESH_BENCH_NOT_STOPPED] Warning: the bench of ${blink}, started in the test "forgets to stop" at ${join(dir, 'plain.test.mjs')}:5, was still running after the last test: pinmesh/testing stopped it. Call \`await bench.stop()\` in \`finally\` or \`after()\`.\n`,
      ),
      run.output,
    );
  });

  it('a testSketch() not awaited: the file still ends, with the warning', async () => {
    const run = await nodeTest(
      'plain-not-awaited.test.mjs',
      `it('forgets to await', async () => {
        const bench = testSketch('${blink}');
        try { await bench.send('/desk', 'on'); } finally { await bench.stop(); }
      });`,
      { as: 'plain' },
    );
    assert.equal(run.killed, false, `node file.test.mjs never ended:\n${run.output}`);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /PINMESH_BENCH_NOT_STOPPED.*Its test ended before it had started/);
  });

  it('benches started in before() and beforeEach() serve every test after them, and are not warned about when after() and afterEach() stop them', async () => {
    const run = await nodeTest('plain-hooks.test.mjs', BENCHES_IN_HOOKS, { as: 'plain' });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /pass 4/);
    assert.doesNotMatch(run.output, /PINMESH_BENCH_NOT_STOPPED/);
  });

  it('a program that is no test file and stops its bench prints nothing of node:test', async () => {
    const run = await nodeProgram(
      'program.mjs',
      `import { testSketch } from '${testing}';
      const bench = await testSketch('${blink}');
      console.log(await bench.send('/desk', 'on'));
      await bench.stop();`,
    );
    assert.equal(run.code, 0, run.output);
    assert.equal(run.output, 'led on (asked on /desk)\n');
  });
});
