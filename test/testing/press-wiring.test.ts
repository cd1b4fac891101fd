/**
 * A button wired to 5 V (pin → button → 5 V, a pull-down resistor to GND: the Arduino IDE's Button
 * example, a Button with `wiredTo: '5v'`) is pressed with `press(pin, { wiredTo: '5v' })` or a
 * scenario's `press: { pin, wiredTo: 5v }`: the pin reads HIGH while it is held and LOW once let go,
 * on the mock board and on the simulated Uno's StandardFirmata. Pressed the default way (to
 * ground), such a button does nothing, as on the bench. A tap shorter than the debounce time is
 * settled on the run's clock, which the board's observations are timed by.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenario, readScenarioFile, runScenario, testSketch } from '../../src/testing/index.js';

const doorbell = 'test/fixtures/scenarios/doorbell.ts';

describe('pressing a button wired to 5 V', () => {
  for (const board of ['mock', 'sim'] as const) {
    it(`on the ${board} board: HIGH while held, LOW once let go; the sketch's Button hears each press`, async () => {
      const bench = await testSketch(doorbell, { board });
      try {
        await bench.press(2, { wiredTo: '5v' });
        await bench.waitPin(13, 1, { timeout: '100ms' });
        await bench.delay('50ms'); // held longer than the Button's debounce (25 ms), as a finger does
        await bench.release(2);
        await bench.waitPin(13, 0, { timeout: '100ms' });
        await bench.delay('50ms');
        await bench.press(2, { for: '50ms', wiredTo: '5v' });
        await bench.waitPin(13, 0, { timeout: '100ms' });
        assert.equal(await bench.send('/', 'count'), '2 presses');
      } finally {
        await bench.stop();
      }
    });
  }

  for (const board of ['mock', 'sim'] as const) {
    it(`on the ${board} board: a tap shorter than the Button's debounce is a press, and a release once the debounce time is up on the run's clock`, async () => {
      const bench = await testSketch(doorbell, { board });
      try {
        await bench.press(2, { for: '10ms', wiredTo: '5v' });
        await bench.delay('100ms');
        const [on, off, ...more] = bench.history.of(13);
        assert.equal(on?.value, 1);
        assert.equal(off?.value, 0, 'the LED went off within 100 ms of the run');
        assert.deepEqual(more, []);
        // The release is heard 25 ms (the debounce) after the press, as its timestamps are: the run's ms, not
        // the wall's (the LED's two writes each take the simulated serial line about a millisecond).
        const heldMs = off!.at - on!.at;
        if (board === 'mock') assert.equal(heldMs, 25);
        else assert.ok(heldMs > 23 && heldMs < 28, `${heldMs} ms`);
      } finally {
        await bench.stop();
      }
    });
  }

  it('pressed as wired to ground, it does nothing: the pin reads LOW, pressed or not', async () => {
    const bench = await testSketch(doorbell);
    try {
      await bench.press(2, { for: '50ms' });
      assert.equal(await bench.send('/', 'count'), '0 presses');
      assert.deepEqual(bench.history.of(13), []);
    } finally {
      await bench.stop();
    }
  });

  it('wired to 5 V on a pin whose pull-up is on (a Button wired to ground) is refused, saying how to fix either side', async () => {
    const bench = await testSketch('examples/turnstile.ts');
    try {
      await assert.rejects(bench.press(2, { wiredTo: '5v' }), {
        name: 'UserError',
        message: "pin 2 has its pull-up on: its button is wired to ground; press it without wiredTo, or make the sketch's Button wiredTo: '5v'",
      });
      assert.equal(bench.angle(9), 0);
    } finally {
      await bench.stop();
    }
    const result = await runScenario(parseScenario('name: 5v on a pull-up\nsketch: ../../examples/turnstile.ts\nsteps:\n  - press: { pin: 2, for: 50ms, wiredTo: 5v }\n', 'test/testing/pull-up.test.yaml'));
    assert.match(result.steps[0]?.happened ?? '', /^pin 2 has its pull-up on: its button is wired to ground/);
  });

  it('wired to ground on a pin read without its pull-up goes on, with a warning (a circuit may have its own resistor)', async () => {
    const bench = await testSketch(doorbell);
    const warnings: Array<Error & { code?: string }> = [];
    const listener = (warning: Error) => warnings.push(warning);
    process.on('warning', listener);
    try {
      await bench.press(2, { for: '50ms' });
      await bench.press(2, { for: '50ms' });
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        warnings.filter(({ code }) => code === 'PINMESH_PRESS_WITHOUT_PULLUP').map(({ message }) => message),
        ['pin 2 is read without its pull-up: a button wired to ground needs one (digitalRead(2, { pullUp: true }), a Button), unless the circuit has a resistor of its own; or press it with wiredTo: 5v'],
      );
    } finally {
      process.off('warning', listener);
      await bench.stop();
    }
  });

  it('a wiring that is neither is refused, saying which there are', async () => {
    const bench = await testSketch(doorbell);
    try {
      await assert.rejects(bench.press(2, { wiredTo: '5V' as never }), { name: 'RangeError', message: `a button is wired to 'ground' or '5v', got "5V"` });
    } finally {
      await bench.stop();
    }
  });

  it('in a scenario file, a wiring that is neither is named with its line', () => {
    assert.throws(() => parseScenario('name: typo\nsketch: doorbell.ts\nsteps:\n  - press: { pin: 2, wiredTo: 5V }\n', 'typo.test.yaml'), {
      message: 'typo.test.yaml:4: steps[0].press.wiredTo: a button is wired to ground or 5v, got "5V"',
    });
  });

  it('in a scenario file: press: { pin, wiredTo: 5v }', async () => {
    const result = await runScenario(await readScenarioFile('test/fixtures/scenarios/doorbell-5v.test.yaml'));
    assert.deepEqual(result.steps.filter(({ ok }) => !ok), []);
    assert.equal(result.ok, true);
  });
});
