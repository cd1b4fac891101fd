/**
 * A potentiometer dimmer drives its LED (pin 9) as PWM: a duty 0–255, not a level. `expect-pin`
 * read it as 0 at duty 255 (`expected pin 9 at 1, but it is at 0`), and `value: 255` was refused
 * with zod's `Invalid input: expected 0`, the schema's own message lost. A level check on a PWM
 * output now says so and names the check that reads it; `expect-pwm`, `wait-pwm`, `bench.duty()` and
 * `bench.waitPwm()` read the duty, on the mock board (the writes) and the simulated Uno (its timers).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenario, PinWaitTimeout, runScenario, testSketch } from '../../src/testing/index.js';

const dimmer = 'test/fixtures/scenarios/dimmer.ts';
const here = 'test/fixtures/scenarios/dimmer.test.yaml';

function scenario(steps: string, board = 'mock') {
  return parseScenario(`name: the dimmer\nboard: ${board}\nsketch: dimmer.ts\nsteps:\n${steps}`, here);
}

describe('a PWM output', () => {
  for (const board of ['mock', 'sim'] as const) {
    it(`on the ${board} board: expect-pwm and wait-pwm read its duty`, async () => {
      const result = await runScenario(
        scenario(
          '  - set-analog: { pin: A0, value: 1023 }\n  - wait-pwm: { pin: 9, duty: 255, timeout: 200ms }\n  - expect-pwm: { pin: 9, duty: 255 }\n  - set-analog: { pin: A0, value: 512 }\n  - delay: 100ms\n  - expect-pwm: { pin: 9, duty: 128 }\n',
          board,
        ),
      );
      assert.deepEqual(result.steps.filter(({ ok }) => !ok), []);
      assert.equal(result.ok, true);
    });

    it(`on the ${board} board: bench.duty() and bench.waitPwm(); waitPin() on it is refused`, async () => {
      const bench = await testSketch(dimmer, { board });
      try {
        await bench.setAnalog('A0', 1023);
        await bench.waitPwm(9, 255, { timeout: '200ms' });
        assert.equal(bench.duty(9), 255);
        await assert.rejects(bench.waitPin(9, 1), { name: 'UserError', message: 'pin 9 is a PWM output (duty 255 of 255): check it with waitPwm(9, duty)' });
        const waited = await bench.waitPwm(9, 7, { timeout: '100ms' }).catch((error: unknown) => error);
        assert.ok(waited instanceof PinWaitTimeout, String(waited));
        assert.match(waited.message, /^pin 9 did not reach duty 7 within 100 ms: it stayed at duty 255 from /);
      } finally {
        await bench.stop();
      }
    });
  }

  it('expect-pin and wait-pin on it say it is PWM, and which step checks it', async () => {
    const expectPin = await runScenario(scenario('  - set-analog: { pin: A0, value: 1023 }\n  - delay: 100ms\n  - expect-pin: { pin: 9, value: 1 }\n'));
    assert.deepEqual(expectPin.steps.at(-1)?.happened, 'pin 9 is a PWM output (duty 255 of 255): check it with expect-pwm');
    const waitPin = await runScenario(scenario('  - set-analog: { pin: A0, value: 1023 }\n  - delay: 100ms\n  - wait-pin: { pin: 9, value: 1 }\n'));
    assert.deepEqual(waitPin.steps.at(-1)?.happened, 'pin 9 is a PWM output (duty 255 of 255): check it with wait-pwm');
  });

  it('expect-pwm and wait-pwm on a digital output (an LED HIGH) say it is one, and which step checks it, not "duty 0"', async () => {
    const blink = (steps: string) => parseScenario(`name: blink\nsketch: ../../../examples/blink.ts\nsteps:\n  - send: { channel: /desk, message: "on" }\n${steps}`, here);
    const expectPwm = await runScenario(blink('  - expect-pwm: { pin: 13, duty: 255 }\n'));
    assert.deepEqual(expectPwm.steps.at(-1)?.happened, 'pin 13 is a digital output (HIGH): check it with expect-pin');
    const waitPwm = await runScenario(blink('  - wait-pwm: { pin: 13, duty: 255, timeout: 100ms }\n'));
    assert.deepEqual(waitPwm.steps.at(-1)?.happened, 'pin 13 is a digital output (HIGH): check it with wait-pin');
  });

  it("wait-done in a sketch's scenario fails at once, saying a sketch has no clocks", async () => {
    const result = await runScenario(scenario('  - wait-done: { timeout: 60s }\n'));
    assert.equal(result.steps.at(-1)?.happened, 'this scenario runs a sketch, which has no clocks: wait-done is for a scenario with a circuit (wait for a pin with wait-pin)');
    assert.equal(result.steps.at(-1)?.at, 0, 'no time went by');
  });

  it("a level that is no level is refused with the schema's words, not zod's", () => {
    assert.throws(() => scenario('  - expect-pin: { pin: 9, value: 255 }\n'), {
      message: `${here}:5: steps[0].expect-pin.value: a level is 0 or 1, got 255: a PWM duty (0–255) is checked with expect-pwm or wait-pwm`,
    });
    assert.throws(() => scenario('  - wait-pin: { pin: 13, value: "on" }\n'), { message: `${here}:5: steps[0].wait-pin.value: a level is 0 or 1, got "on"` });
    assert.throws(() => scenario('  - expect-pwm: { pin: 9, duty: 256 }\n'), { message: `${here}:5: steps[0].expect-pwm.duty: a PWM duty is 0–255, got 256` });
  });
});
