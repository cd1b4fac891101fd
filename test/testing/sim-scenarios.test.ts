/**
 * Issue 21.2–3 on the simulated Uno, against the real StandardFirmata: a scenario's button presses
 * reach the firmware's inputs and its analog inputs its ADC (Firmata reports what the scenario set),
 * and, the MCU running in lockstep with the host, a scenario with a seed gives the same recording
 * byte for byte on every run, on every machine and Node version: its digest is pinned here, and CI
 * runs this file on Node 20 and Node 24.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readScenarioFile, runScenario, type ScenarioResult } from '../../src/testing/index.js';
import { readVcd } from '../../src/record/vcd-read.js';

/**
 * sha256 of test/fixtures/scenarios/turnstile-sim.test.yaml's VCD. It changes only when what the
 * run does changes (the firmware, the sketch, pinmesh's writes, the lockstep's turns): run this file,
 * check the recording in a viewer, and pin the new digest it prints.
 */
const TURNSTILE_VCD_SHA256 = 'b25d0602ee6105a873456215136c37c40777a4d8b663079dd8841fee664bcfc0';

function passed(result: ScenarioResult): void {
  const failed = result.steps.find((step) => !step.ok);
  assert.ok(result.ok, result.error ?? `step ${failed?.number} ${failed?.label}: expected ${failed?.expected}, but ${failed?.happened}`);
}

describe('scenarios on the simulated Uno', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-sim-scenarios-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('set-analog: the firmware’s analogRead() reports through Firmata the reading the scenario set', async () => {
    passed(await runScenario(await readScenarioFile('test/fixtures/scenarios/analog-sim.test.yaml')));
  });

  it('press and release: the firmware sees the button, the turnstile turns; the recording is the same byte for byte on every run', async () => {
    const file = join(dir, 'turnstile.vcd');
    const result = await runScenario(await readScenarioFile('test/fixtures/scenarios/turnstile-sim.test.yaml'), { record: file });
    passed(result);
    const text = await readFile(file, 'utf8');
    const dump = readVcd(text);
    const d2 = dump.wires.find((wire) => wire.name === 'D2')!;
    const button = dump.changes.filter((change) => change.id === d2.id).map((change) => change.value);
    // The pull-up reads HIGH, each press LOW, each release HIGH, at the MCU's pin: two presses.
    assert.deepEqual(button.slice(-4), [0, 1, 0, 1], `what the MCU's pin 2 read: ${button.join(' ')}`);
    const digest = createHash('sha256').update(text).digest('hex');
    assert.equal(digest, TURNSTILE_VCD_SHA256, `the recording's digest; its steps ended at ${result.steps.map((step) => step.at).join(', ')} ms of the MCU's time`);
  });
});
