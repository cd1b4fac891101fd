/**
 * Issue 21.4: `pinmesh test FILE.yaml…` as a maker and a CI service meet it: the examples'
 * scenarios pass; a mistake in a file names its line and field before anything runs; a failing
 * step ends its scenario and the command (exit 1) naming the file, the step, what was expected,
 * what happened and the run's time; --reporter tap and junit; --seed wins over the file's.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hasNoStackTrace, runCli } from '../support/cli.js';

let dir: string;
const blink = resolve('examples/blink.ts');

async function scenario(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pinmesh-scenarios-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pinmesh test', () => {
  it("passes examples/' scenarios: blink, the turnstile, the dimmer, the article's circuit", async () => {
    const run = await runCli(['test', 'examples/blink.test.yaml', 'examples/turnstile.test.yaml', 'examples/dimmer.test.yaml', 'examples/article.test.yaml']);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^✔ blink lights the LED/m);
    assert.match(run.stdout, /^✔ the turnstile turns 30° a press/m);
    assert.match(run.stdout, /^✔ the potentiometer dims the LED/m);
    assert.match(run.stdout, /^✔ the article's circuit buzzes/m);
    assert.match(run.stdout, /^4 of 4 scenarios passed$/m);
  });

  it('names the line and the field of a mistake, and runs nothing of that file', async () => {
    const file = await scenario('typo.yaml', `name: typo\nsketch: ${blink}\nsteps:\n  - send: { channel: /desk, message: "on" }\n  - wait-pin: { pin: 13, value: 0, timeout: soon }\n`);
    const run = await runCli(['test', file]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, `✖ typo (${file}, not run)\n  ✖ ${file}:5: steps[1].wait-pin.timeout: a duration is a number of ms or a text like 500ms, 2s or 1m, got "soon"\n\n0 of 1 scenario passed`);
    assert.match(run.stderr, /^pinmesh: \S+typo\.yaml:5: steps\[1\]\.wait-pin\.timeout: a duration is a number of ms or a text like 500ms, 2s or 1m, got "soon"\n$/);
    assert.ok(hasNoStackTrace(run.stderr), run.stderr);
    const unknown = await scenario('unknown.yaml', `name: unknown step\nsketch: ${blink}\nsteps:\n  - delay: 1s\n  - blink: 3\n`);
    const second = await runCli(['test', unknown]);
    assert.match(second.stderr, /unknown\.yaml:5: steps\[1\]\.blink: unknown step "blink": a step is one of send, expect-pin, delay, wait-pin/);
    // A misspelt key is named, rather than the key it stands for being missing.
    const misspelt = await scenario('misspelt.yaml', `name: misspelt\nsketch: ${blink}\nstep:\n  - delay: 1s\n`);
    assert.match((await runCli(['test', misspelt])).stderr, /misspelt\.yaml:3: the scenario: unknown key "step": a scenario takes name, board, sketch, circuit, clock, options, seed, steps: did you mean "steps"\?/);
  });

  it("says what the run warned of under its scenario, as pinmesh run does: a misspelt option its sketch leaves unchecked (spec, tap and junit)", async () => {
    const silent = resolve('test/fixtures/scenarios/silent.ts'); // declares no static options
    const file = await scenario('unchecked.yaml', `name: rings briefly\nsketch: ${silent}\noptions: { ringMS: 200 }\nsteps:\n  - delay: 10ms\n`);
    const warning = 'options passed to silent unchecked: ringMS=200; its sketch declares no static options (a zod schema checks them before the board opens: docs/sketches.md)';
    const spec = await runCli(['test', file]);
    assert.equal(spec.code, 0, spec.stderr);
    assert.ok(spec.stdout.startsWith(`✔ rings briefly (${file}, `) && spec.stdout.includes(` ms)\n  ⚠ ${warning}\n  ✔ 1. delay 10 ms`), spec.stdout);
    const tap = await runCli(['test', file, '--reporter', 'tap']);
    assert.ok(tap.stdout.includes(`ok 1 - rings briefly\n# warning: ${warning}`), tap.stdout);
    const junit = await runCli(['test', file, '--reporter', 'junit']);
    assert.ok(junit.stdout.includes(`<system-err>warning: ${warning}</system-err>\n  </testsuite>`), junit.stdout);
  });

  it('a folder, a sketch or a JavaScript test given for a scenario, and --json: each says what pinmesh test takes', async () => {
    const folder = await runCli(['test', dir]);
    assert.equal(folder.code, 1);
    assert.ok(folder.stderr.includes(`${dir}: a folder, not a scenario file: name its scenarios (pinmesh test ${join(dir, '*.test.yaml')})`), folder.stderr);
    for (const file of ['examples/blink.ts', 'examples/blink.vitest.test.mjs']) {
      const run = await runCli(['test', file]);
      assert.equal(run.code, 1);
      assert.ok(run.stderr.includes(`${file}: this is a sketch or a JavaScript test, not a scenario: pinmesh test runs scenario files (YAML`), run.stderr);
    }
    const json = await runCli(['test', '--json', 'examples/blink.test.yaml']);
    assert.equal(json.stderr, "pinmesh test: unknown option '--json': pinmesh test prints its results with --reporter spec, tap or junit\n");
  });

  it('a file that is no scenario is reported as that scenario, errored, beside the others, which run: spec, tap and junit, and every failure on stderr', async () => {
    const bad = await scenario('bad.test.yaml', `name: misspelt message\nsketch: ${blink}\nsteps:\n  - send: { channel: /desk, mesage: "on" }\n`);
    const missing = join(dir, 'missing.test.yaml');
    const files = ['examples/blink.test.yaml', bad, missing];
    const mistake = `steps[0].send: unknown key "mesage" in send: it takes channel, message, node, timeout: did you mean "message"?`;
    const stderr = `pinmesh: 2 of 3 scenarios failed:\n  ${bad}:4: ${mistake}\n  ${missing}: no such scenario file\n`;

    const spec = await runCli(['test', ...files]);
    assert.equal(spec.code, 1);
    assert.match(spec.stdout, /^✔ blink lights the LED \(examples\/blink\.test\.yaml, \d+ ms\)$/m);
    assert.ok(spec.stdout.includes(`✖ misspelt message (${bad}, not run)\n  ✖ ${bad}:4: ${mistake}\n`), spec.stdout);
    assert.ok(spec.stdout.includes(`✖ ${missing} (${missing}, not run)\n  ✖ ${missing}: no such scenario file\n`), spec.stdout);
    assert.match(spec.stdout, /^1 of 3 scenarios passed$/m);
    assert.equal(spec.stderr, stderr);

    const tap = await runCli(['test', ...files, '--reporter', 'tap']);
    assert.equal(tap.code, 1);
    assert.match(tap.stdout, /^TAP version 14\n1\.\.3\nok 1 - blink lights the LED\nnot ok 2 - misspelt message\n {2}---\n {2}file: "[^"]+bad\.test\.yaml"\n {2}line: 4\n {2}error: /);
    assert.match(tap.stdout, /^not ok 3 - \S+missing\.test\.yaml$/m);

    const junit = await runCli(['test', ...files, '--reporter', 'junit']);
    assert.equal(junit.code, 1);
    assert.equal(junit.stderr, stderr);
    assert.match(junit.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="pinmesh test" tests="7" failures="0" errors="2" skipped="0" time="[\d.]+">\n/);
    assert.match(junit.stdout, /<testsuite name="blink lights the LED"[^>]*tests="5" failures="0" errors="0" skipped="0"/);
    assert.match(junit.stdout, /<testsuite name="misspelt message" file="[^"]+bad\.test\.yaml" tests="1" failures="0" errors="1" skipped="0" time="0\.000">\n {4}<testcase classname="misspelt message" name="the scenario file" file="[^"]+bad\.test\.yaml" line="4" time="0">\n {6}<error message="steps\[0\]\.send: unknown key &quot;mesage&quot;/);
    assert.match(junit.stdout, /<testsuite name="[^"]+missing\.test\.yaml"[^>]* errors="1"/);
    assert.match(junit.stdout, /<\/testsuites>$/);
  });

  it('stops at the first failing step and exits 1, naming the file, the step, expected, happened and the time', async () => {
    const file = await scenario(
      'failing.yaml',
      `name: the LED stays dark\nsketch: ${blink}\nsteps:\n  - send: { channel: /desk, message: "on" }\n    expect: "led on (asked on /desk)"\n  - delay: 10s\n  - wait-pin: { pin: 13, value: 0, timeout: 2s }\n  - expect-pin: { pin: 13, value: 0 }\n`,
    );
    const run = await runCli(['test', file]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✖ 3\. wait-pin \{pin: 13, value: 0, timeout: 2000\} \(at 12 s\)/);
    assert.match(run.stdout, /expected: pin 13 to become 0 within 2 s\n\s+happened: it stayed 1 since 0 ms\n\s+at:\s+12 s of the run's time/);
    assert.match(run.stdout, /- 1 step not run/);
    assert.match(run.stderr, /^pinmesh: .*failing\.yaml:7: step 3 wait-pin \{pin: 13, value: 0, timeout: 2000\}: expected pin 13 to become 0 within 2 s, but it stayed 1 since 0 ms \(at 12 s of the run's time\)$/m);
  });

  it('reports a reply that is not the one expected', async () => {
    const file = await scenario('reply.yaml', `name: wrong reply\nsketch: ${blink}\nsteps:\n  - send: { channel: /desk, message: "on" }\n    expect: "lamp on"\n`);
    const run = await runCli(['test', file, '--reporter', 'tap']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^TAP version 14\n1\.\.1\nnot ok 1 - wrong reply\n {2}---\n/);
    assert.match(run.stdout, /expected: "the reply \\"lamp on\\""\n {2}happened: "the reply was \\"led on \(asked on \/desk\)\\""/);
  });

  it('--reporter junit writes JUnit XML: a testsuite a file, a testcase a step, the failure and the steps not run', async () => {
    const file = await scenario('junit.yaml', `name: junit & co\nsketch: ${blink}\nsteps:\n  - expect-pin: { pin: 13, value: 1 }\n  - delay: 1s\n`);
    const run = await runCli(['test', file, 'examples/blink.test.yaml', '--reporter', 'junit']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="pinmesh test" tests="7" failures="1" errors="0" skipped="1" time="[\d.]+">/);
    assert.match(run.stdout, /<testsuite name="junit &amp; co" file="[^"]*junit\.yaml" tests="2" failures="1" errors="0" skipped="1"/);
    assert.match(run.stdout, /<failure message="expected pin 13 at 1, but it is at 0" type="StepFailure">/);
    assert.match(run.stdout, /<testcase classname="junit &amp; co" name="2\. \(not run\)"[^>]*>\n\s+<skipped\/>/);
    assert.match(run.stdout, /<testsuite name="blink lights the LED"[^>]*tests="5" failures="0"/);
  });

  it('--board runs every scenario on that board, whatever its file says: the same files on the simulated Uno, then on the mock', async () => {
    const files = ['examples/blink.test.yaml', 'test/fixtures/scenarios/turnstile-sim.test.yaml'];
    const onSim = await runCli(['test', ...files, '--board', 'sim']);
    assert.equal(onSim.code, 0, `${onSim.stdout}\n${onSim.stderr}`);
    assert.match(onSim.stdout, /^✔ blink lights the LED \(examples\/blink\.test\.yaml, on sim, \d+ ms\)$/m);
    assert.match(onSim.stdout, /^✔ the turnstile on the simulated Uno turns 30° a press \(\S+turnstile-sim\.test\.yaml, on sim, \d+ ms\)$/m);
    // The simulated Uno's time counts from power-on: its boot comes before the first step.
    assert.doesNotMatch(onSim.stdout, /^ {2}✔ 1\. .*\(at 0 ms\)$/m);
    const onMock = await runCli(['test', ...files, '--board', 'Mock']);
    assert.equal(onMock.code, 0, `${onMock.stdout}\n${onMock.stderr}`);
    assert.doesNotMatch(onMock.stdout, /on sim/);
    assert.match(onMock.stdout, /^✔ the turnstile on the simulated Uno turns 30° a press \(\S+turnstile-sim\.test\.yaml, \d+ ms\)\n {2}✔ 1\. expect-servo \{pin: 9, angle: 0\} \(at 0 ms\)$/m);
    assert.match(onMock.stdout, /^2 of 2 scenarios passed$/m);
  });

  it('--board refuses a board scenarios do not run on, with the likely one, and runs nothing', async () => {
    const choices = "Allowed choices are mock (the mock board, in virtual time) and sim (the simulated Uno, in its MCU's time).";
    const typo = await runCli(['test', 'examples/blink.test.yaml', '--board', 'moc']);
    assert.equal(typo.code, 1);
    assert.equal(typo.stdout, '');
    assert.equal(typo.stderr, `pinmesh test: option '--board <name>' argument 'moc' is invalid. Did you mean mock? ${choices}\n`);
    const real = await runCli(['test', 'examples/blink.test.yaml', '--board', 'uno']);
    assert.equal(real.code, 1);
    assert.equal(real.stdout, '');
    assert.equal(real.stderr, `pinmesh test: option '--board <name>' argument 'uno' is invalid. ${choices}\n`);
  });

  it("--seed wins over the file's seed: the article's last bit is a 1 with its seed 7, a 0 with seed 2", async () => {
    const own = await runCli(['test', 'examples/article.test.yaml']);
    assert.equal(own.code, 0, own.stdout);
    const reseeded = await runCli(['test', 'examples/article.test.yaml', '--seed', '2']);
    assert.equal(reseeded.code, 1, reseeded.stdout);
    assert.match(reseeded.stderr, /step 3 expect-pin \{pin: 13, value: 1\}: expected pin 13 at 1, but it is at 0/);
  });
});
