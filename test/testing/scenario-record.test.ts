/**
 * Issue 21.5 on `pinmesh test`: `--record FILE` records each scenario, the simulated Uno's pins at
 * the MCU's own times (a VCD sigrok-cli opens), the mock's at the run's virtual times; several
 * scenarios give one file each, named after the scenario file.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readVcd, type VcdDump } from '../../src/record/vcd-read.js';
import { runCli } from '../support/cli.js';
import { sigrok, sigrokMissing, sigrokTimings } from '../support/sigrok.js';

const noSigrok = await sigrokMissing();

/** D13's changes in a dump after its initial value ($dumpvars), as [ms, value]. */
function led(dump: VcdDump): Array<[number, 0 | 1]> {
  const d13 = dump.wires.find((wire) => wire.name === 'D13')!;
  return dump.changes
    .filter((change) => change.id === d13.id)
    .slice(1)
    .map(({ ms, value }) => [ms, value]);
}

describe('pinmesh test --record', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-scenario-record-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records blink on the simulated Uno: a VCD without $date that sigrok-cli opens, the LED lit for the MCU’s 500 ms', { skip: noSigrok }, async () => {
    const scenario = join(dir, 'blink-sim.test.yaml');
    await writeFile(
      scenario,
      `name: blink on the simulated Uno\nboard: sim\nsketch: ${resolve('examples/blink.ts')}\nsteps:\n` +
        '  - send: { channel: /desk, message: "on" }\n  - delay: 500ms\n  - send: { channel: /desk, message: "off" }\n  - delay: 100ms\n',
    );
    const file = join(dir, 'blink.vcd');
    const run = await runCli(['test', scenario, '--record', file]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);

    const text = await readFile(file, 'utf8');
    assert.doesNotMatch(text, /\$date/, 'a test’s recording leaves the date out, so two runs compare byte for byte');
    const dump = readVcd(text);
    assert.ok(dump.wires.every((wire) => wire.scope === 'sim'), 'the MCU’s own pins');
    assert.deepEqual(led(dump).map(([, value]) => value), [1, 0], 'the LED lit once and went dark');

    assert.match(await sigrok(file, ['--show']), /- D13: logic/);
    const levels = await sigrokTimings(file, 'D13', 'any');
    assert.equal(levels.length, 1, `sigrok measured one level between D13's two edges, not ${levels.length}`);
    const [lit] = levels;
    assert.ok(lit!.ms >= 500 && lit!.ms < 5_000, `the LED was lit ${lit!.ms} ms of the MCU's time: the 500 ms delay and the reply to "off"`);
  });

  it('records several scenarios one file each, named after the scenario, on the mock’s virtual time', async () => {
    const out = join(dir, 'runs');
    await mkdir(out);
    const run = await runCli(['test', 'examples/blink.test.yaml', 'examples/turnstile.test.yaml', '--record', join(out, 'ci.vcd')]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.deepEqual((await readdir(out)).sort(), ['ci-blink.test.vcd', 'ci-turnstile.test.vcd']);
    // examples/blink.test.yaml: "on", 500 ms, "off": in virtual time, exactly.
    const blink = readVcd(await readFile(join(out, 'ci-blink.test.vcd'), 'utf8'));
    assert.deepEqual(led(blink), [
      [0, 1],
      [500, 0],
    ]);
    const turnstile = readVcd(await readFile(join(out, 'ci-turnstile.test.vcd'), 'utf8'));
    assert.ok(turnstile.wires.every((wire) => wire.scope === 'mock'));
  });

  it("shows the level the run ended with: the article's last bit (a 1 with seed 7, as its scenario asserts), the stop's LOW after it, each #time once and later than the one before", async () => {
    const file = join(dir, 'article.vcd');
    const run = await runCli(['test', 'examples/article.test.yaml', '--record', file]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const text = await readFile(file, 'utf8');
    const times = [...text.matchAll(/^#(\d+)$/gm)].map((match) => Number(match[1]));
    assert.ok(
      times.every((time, i) => i === 0 || time > times[i - 1]!),
      `every #time later than the one before: ${times.slice(-4).join(', ')}`,
    );
    // The last bit at 6 s of virtual time, then the fail-safe's LOW 1 µs later (the run's time did not move as it stopped), then the end.
    assert.match(text, /\n#6000000\n(?:1.\n)*1&\n#6000001\n(?:0.\n)*0&\n(?:0.\n)*#6000002\n$/);
    assert.deepEqual(led(readVcd(text)).slice(-2), [
      [6000, 1],
      [6000.001, 0],
    ]);
    if (noSigrok) return;
    // sigrok sees it too: its own VCD of what it read has D13's last 1, then the LOW.
    assert.match(await sigrok(file, ['-O', 'vcd']), /\n#6000000 [^\n]*1\S \S*[^\n]*\n#6000001 [^\n]*\n#6000002\n$/);
  });

  it("records an analog input's readings: A0 of the dimmer as a real in the scope analog, which sigrok-cli skips while it reads every pin", async () => {
    const file = join(dir, 'dimmer.vcd');
    const run = await runCli(['test', 'examples/dimmer.test.yaml', '--record', file]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const text = await readFile(file, 'utf8');
    assert.match(text, /\$scope module analog \$end\n\$var real 64 (\S) A0 \$end\n/);
    const a0 = /\$var real 64 (\S) A0 \$end/.exec(text)![1]!;
    // The readings the mock reported, as the sketch read them: 1023, then 512 (examples/dimmer.test.yaml).
    assert.deepEqual([...text.matchAll(new RegExp(`^r(\\d+) ${a0.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'gm'))].map((match) => Number(match[1])), [0, 1023, 512]);
    const dump = readVcd(text);
    assert.equal(dump.wires.length, 20, 'the pins, each a one-bit wire; the readings are no wire');
    if (noSigrok) return;
    const shown = await sigrok(file, ['--show']);
    assert.match(shown, /Channels: 20\n/);
    assert.match(shown, /Logic sample count: 400001\n/, 'sigrok read to the end, past the readings');
  });

  it('says which names record what before running anything', async () => {
    const run = await runCli(['test', 'examples/blink.test.yaml', '--record', join(dir, 'out.txt')]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /name it FILE\.vcd .* or FILE\.jsonl/);
  });
});
