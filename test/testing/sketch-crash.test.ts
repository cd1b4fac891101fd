/**
 * A mistake in a sketch's background work (a loop setup() starts and nothing awaits: a dimmer writing
 * a duty of 256) is an unhandled rejection, with no call of the test on its stack. `pinmesh test`
 * died of it with Node's stack of pinmesh's chunks, no summary, the other scenarios never run and
 * --reporter junit's XML lost. Now the scenario running then fails with the line `pinmesh run` says
 * (the sketch's file, line and column), and the others run. Under node:test, the test running then
 * fails with the same words, and the bench's call it awaited rejects with them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { hasNoStackTrace, runCli } from '../support/cli.js';

const crashing = 'test/fixtures/scenarios/dimmer-crash.test.yaml';
const passing = 'test/fixtures/scenarios/doorbell-5v.test.yaml';
const blamed = 'your sketch test/fixtures/scenarios/dimmer-crash.ts failed while running at line 15, column 24: PWM duty must be an integer 0–255, got 256';


describe("a sketch's background work that crashes", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-sketch-crash-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails its scenario with the sketch file and line, and the next scenario still runs', async () => {
    const run = await runCli(['test', crashing, passing]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /✖ 2\. delay 200 ms \(at 50 ms\)\n.*\n\s+expected: delay to succeed\n\s+happened: (.*)\n/);
    assert.ok(run.stdout.includes(`happened: ${blamed}\n`), run.stdout);
    assert.match(run.stdout, /^✔ the doorbell wired to 5 V rings/m);
    assert.match(run.stdout, /^1 of 2 scenarios passed$/m);
    assert.ok(run.stderr.includes(`dimmer-crash.test.yaml:5: step 2 delay 200 ms: expected delay to succeed, but ${blamed} (at 50 ms of the run's time)`), run.stderr);
    assert.ok(hasNoStackTrace(run.stderr), run.stderr);
  });

  it("a write a sketch's setTimeout makes after its scenario ended: the results stand, and one warning line says to wait with this.delay()", async () => {
    const run = await runCli(['test', 'test/fixtures/scenarios/stray-timer.test.yaml']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^1 of 1 scenario passed$/m);
    assert.match(
      run.stderr,
      /^pinmesh test: warning: your sketch test\/fixtures\/scenarios\/stray-timer\.ts failed after its scenario had ended at line 12, column \d+: the mock board is closed\. Work a sketch leaves running \(a setTimeout\) runs on the wall's clock, past the scenario's time: wait with this\.delay\(ms\), which runs in it\n$/,
    );
    assert.ok(hasNoStackTrace(run.stderr), run.stderr);
  });

  it('--reporter junit: the XML is written, with the failure', async () => {
    const run = await runCli(['test', crashing, passing, '--reporter', 'junit']);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.stdout.includes(`<failure message="expected delay to succeed, but ${blamed}" type="StepFailure">`), run.stdout);
    assert.match(run.stdout, /<testsuite name="the doorbell wired to 5 V rings"[^>]*failures="0"/);
    assert.match(run.stdout, /<\/testsuites>$/);
  });

  it('under node:test: the test fails with those words, its awaited call rejects with them, and the next test passes', async () => {
    const testing = pathToFileURL(resolve('dist/lib/testing.js')).href;
    const file = join(dir, 'dimmer.test.mjs');
    await writeFile(
      file,
      `import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testSketch } from '${testing}';
it('turns the dimmer up', async () => {
  const bench = await testSketch('test/fixtures/scenarios/dimmer-crash.ts');
  try {
    await bench.setAnalog('A0', 1023);
    await bench.delay('200ms').then(() => console.log('the delay resolved'), (error) => console.log('the delay said: ' + error.message));
  } finally {
    await bench.stop();
  }
});
it('blinks', async () => {
  const bench = await testSketch('examples/blink.ts');
  try {
    assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
  } finally {
    await bench.stop();
  }
});
`,
    );
    const { NODE_TEST_CONTEXT: _ours, ...env } = process.env;
    const output = await new Promise<string>((done) => {
      execFile(process.execPath, ['--test', '--test-reporter=tap', file], { timeout: 60_000, env }, (_error, stdout, stderr) => done(stdout + stderr));
    });
    assert.ok(output.includes(`the delay said: ${blamed}`), output);
    assert.match(output, /not ok 1 - turns the dimmer up\n[^]*?failureType: 'unhandledRejection'\n\s+error: '([^']*)'/);
    assert.ok(output.includes(`error: '${blamed}'`), output);
    assert.match(output, /^ok 2 - blinks$/m);
  });
});
