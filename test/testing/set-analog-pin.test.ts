/**
 * A reading set on a pin the sketch does not read as analog changes nothing it sees: a dimmer's test
 * setting A1 while it reads A0, pin 9 (its PWM output), or pin 0 meaning A0 (as Arduino's
 * analogRead(0) does) passed while testing nothing. setAnalog() now refuses them, as press() refuses a
 * pin the sketch never reads, and a mistake throws at once, so an un-awaited call cannot leave an
 * unhandled rejection behind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenario, runScenario, testSketch } from '../../src/testing/index.js';
import { stepLabel } from '../../src/testing/run-scenario.js';

const dimmer = 'test/fixtures/scenarios/dimmer.ts';

describe('setting an analog reading', () => {
  for (const board of ['mock', 'sim'] as const) {
    it(`on the ${board} board: on an analog pin the sketch does not read, on a pin that is no analog input, or on 0 for A0, is refused`, async () => {
      const bench = await testSketch(dimmer, { board });
      try {
        await bench.delay('10ms');
        assert.throws(() => bench.setAnalog('A1', 500), { name: 'UserError', message: 'pin 15 (A1) is not read by this sketch: it reads A0 (14)' });
        assert.throws(() => bench.setAnalog(9, 500), { name: 'UserError', message: 'pin 9 is not an analog input (A0–A5 are pins 14–19)' });
        assert.throws(() => bench.setAnalog(0, 500), { name: 'UserError', message: "analog pin 0 is A0: write 'A0' or 14" });
        await bench.setAnalog(14, 500);
        await bench.delay('100ms');
        assert.equal(bench.duty(9), 125);
      } finally {
        await bench.stop();
      }
    });
  }

  it('with a reading out of range throws at once, awaited or not', async () => {
    const bench = await testSketch(dimmer);
    try {
      assert.throws(() => bench.setAnalog('A0', 1024), { name: 'RangeError', message: 'an analog reading is 0–1023, got 1024' });
      assert.throws(() => bench.setAnalog('B2', 10), { name: 'RangeError', message: 'a pin is a number (13) or A0–A5, got "B2"' });
    } finally {
      await bench.stop();
    }
  });

  it('in a scenario: the set-analog step fails with the same words', async () => {
    const scenario = parseScenario('name: the wrong knob\nsketch: dimmer.ts\nsteps:\n  - delay: 10ms\n  - set-analog: { pin: A1, value: 500 }\n', 'test/fixtures/scenarios/wrong-knob.test.yaml');
    const result = await runScenario(scenario);
    assert.deepEqual(
      result.steps.map(({ ok, happened }) => ({ ok, happened })),
      [{ ok: true, happened: undefined }, { ok: false, happened: 'pin 15 (A1) is not read by this sketch: it reads A0 (14)' }],
    );
  });

  it("a step's name shows the pin as the file wrote it: A0, not 14", () => {
    const scenario = parseScenario(
      'name: the knob\nsketch: dimmer.ts\nsteps:\n  - set-analog: { pin: A0, value: 512 }\n  - set-analog: { pin: 14, value: 0 }\n  - wait-pin: { pin: a1, value: 1 }\n',
      'test/fixtures/scenarios/knob.test.yaml',
    );
    assert.deepEqual(scenario.scenario.steps.map(stepLabel), ['set-analog {pin: "A0", value: 512}', 'set-analog {pin: 14, value: 0}', 'wait-pin {pin: "a1", value: 1, timeout: 5000}']);
  });
});
