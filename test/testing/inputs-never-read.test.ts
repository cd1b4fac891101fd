/**
 * A scenario that passed while testing nothing: a button pressed (and never let go) on a pin the
 * sketch never reads, an analog reading set on a sketch that reads no analog pin, a press on the
 * pin its LED is claimed for before the LED was first written, a release with no press. Each was
 * allowed at the time (a sketch may read a pin only later, in loop()); now the scenario fails at
 * its end, or at once, naming what the sketch does set up. A test of testSketch's is told as its
 * bench stops, in a process warning naming the test's line (PINMESH_INPUT_NEVER_READ). A level
 * check on a pin the sketch never set up passes at 0 and tests nothing: the scenario is warned.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseScenario, runScenario, testSketch } from '../../src/testing/index.js';

const here = 'test/fixtures/scenarios/doorbell.test.yaml'; // the doorbell: a Button on pin 2 (to 5 V), its LED on 13

const doorbell = (steps: string) => parseScenario(`name: the doorbell\nsketch: doorbell.ts\nsteps:\n${steps}`, here);

describe('a scenario whose inputs the sketch never heard', () => {
  it('a press held to the end on a pin the sketch never reads fails the scenario at its end, naming the pins it set up', async () => {
    const result = await runScenario(doorbell('  - press: { pin: 4, wiredTo: 5v }\n  - delay: 100ms\n'));
    assert.equal(result.ok, false);
    assert.deepEqual(result.steps.map((step) => step.ok), [true, true], 'the steps themselves passed');
    assert.match(result.error ?? '', /^pin 4 was pressed, yet this sketch never read it \(it set up pin 2 \(INPUT\)\): press the pin the sketch reads$/);
  });

  it('an analog reading set on a sketch that reads no analog pin fails the scenario at its end', async () => {
    const result = await runScenario(doorbell('  - set-analog: { pin: A0, value: 512 }\n  - delay: 100ms\n'));
    assert.equal(result.ok, false);
    assert.equal(result.error, 'pin 14 was given an analog reading, yet this sketch never read it as analog');
  });

  it('the same steps on the pins the sketch reads pass', async () => {
    const result = await runScenario(doorbell('  - press: { pin: 2, wiredTo: 5v }\n  - delay: 100ms\n  - expect-pin: { pin: 13, value: 1 }\n'));
    assert.equal(result.ok, true, result.error ?? JSON.stringify(result.steps));
  });

  it('a press on the pin its LED is claimed for, before the LED was first written, is refused at once', async () => {
    const result = await runScenario(doorbell('  - press: { pin: 13 }\n'));
    assert.match(result.steps[0]?.happened ?? '', /^pin 13 is not an input of this sketch: it claimed it as digital-out \(it set up pin 2 \(INPUT\)\)/);
  });

  it('a release with no press before it is refused at once', async () => {
    const result = await runScenario(doorbell('  - release: { pin: 2 }\n'));
    assert.equal(result.steps[0]?.happened, 'pin 2 is not pressed: press(2) first (a press step), or press it with for to let go by itself');
  });
});

describe('a level check on a pin the sketch never set up', () => {
  it('passes at 0, and the scenario is warned: it tests nothing, and the pins the sketch drives are named', async () => {
    const result = await runScenario(doorbell('  - press: { pin: 2, wiredTo: 5v }\n  - delay: 100ms\n  - expect-pin: { pin: 12, value: 0 }\n  - wait-pin: { pin: 12, value: 0, timeout: 10ms }\n'));
    assert.equal(result.ok, true, result.error ?? JSON.stringify(result.steps));
    assert.deepEqual(result.warnings, [
      'pin 12 was checked, yet this sketch never set it up or wrote it: the check passes at 0 and tests nothing (driven: pin 13): is it the right pin?',
    ]);
  });

  it("an LED made in setup() but not lit yet is the sketch's: checking it is off is no mistake, and it is named among the driven pins", async () => {
    const blink = parseScenario('name: blink\nsketch: ../../../examples/blink.mjs\nsteps:\n  - expect-pin: { pin: 13, value: 0 }\n  - expect-pin: { pin: 12, value: 0 }\n', here);
    const result = await runScenario(blink);
    assert.equal(result.ok, true, result.error ?? JSON.stringify(result.steps));
    assert.deepEqual(result.warnings, [
      'pin 12 was checked, yet this sketch never set it up or wrote it: the check passes at 0 and tests nothing (driven: pin 13): is it the right pin?',
    ]);
  });

  it('a check that the LED is still off before anything happened, on the pin the sketch drives, is no mistake', async () => {
    const result = await runScenario(doorbell('  - expect-pin: { pin: 13, value: 0 }\n  - press: { pin: 2, wiredTo: 5v }\n  - delay: 100ms\n  - expect-pin: { pin: 13, value: 1 }\n'));
    assert.equal(result.ok, true, result.error ?? JSON.stringify(result.steps));
    assert.equal(result.warnings, undefined);
  });
});

describe('a test whose inputs the sketch never heard', () => {
  const warnings: Array<Error & { code?: string }> = [];
  const listener = (warning: Error) => warnings.push(warning);
  before(() => process.on('warning', listener));
  after(() => process.off('warning', listener));

  /** The warnings of `code` (PINMESH_INPUT_NEVER_READ unless told) emitted while `run` ran, once Node has delivered them. */
  async function warnedDuring(run: () => Promise<void>, code = 'PINMESH_INPUT_NEVER_READ'): Promise<string[]> {
    warnings.length = 0;
    await run();
    await new Promise((resolve) => setImmediate(resolve));
    return warnings.filter((warning) => warning.code === code).map(({ message }) => message);
  }

  it("bench.press() held to the stop on a pin the sketch never reads, and a reading it never read, are warned of at stop(), at the test's line", async () => {
    const warned = await warnedDuring(async () => {
      const bench = await testSketch('test/fixtures/scenarios/doorbell.ts');
      await bench.press(4, { wiredTo: '5v' });
      await bench.setAnalog('A0', 512);
      await bench.delay('100ms');
      await bench.stop();
    });
    const at = String.raw` \(testSketch\(\) at \S*inputs-never-read\.test\.[jt]s:\d+\)$`;
    assert.equal(warned.length, 2, warned.join('\n'));
    assert.match(warned[0]!, new RegExp(String.raw`^pin 4 was pressed, yet this sketch never read it \(it set up pin 2 \(INPUT\)\): press the pin the sketch reads${at}`));
    assert.match(warned[1]!, new RegExp(String.raw`^pin 14 was given an analog reading, yet this sketch never read it as analog${at}`));
  });

  it("bench.level() and bench.waitPin() of a pin the sketch never set up are warned of at stop(), at the test's line; its LED's pin is not", async () => {
    const warned = await warnedDuring(async () => {
      const bench = await testSketch('test/fixtures/scenarios/doorbell.ts');
      await bench.press(2, { wiredTo: '5v' });
      await bench.delay('100ms');
      assert.equal(bench.level(12), 0);
      await bench.waitPin(11, 0);
      assert.equal(bench.level(13), 1);
      await bench.stop();
    }, 'PINMESH_UNSET_PIN_CHECKED');
    const at = String.raw` \(testSketch\(\) at \S*inputs-never-read\.test\.[jt]s:\d+\)$`;
    assert.equal(warned.length, 2, warned.join('\n'));
    assert.match(warned[0]!, new RegExp(String.raw`^pin 11 was checked, yet this sketch never set it up or wrote it: the check passes at 0 and tests nothing \(driven: pin 13\): is it the right pin\?${at}`));
    assert.match(warned[1]!, /^pin 12 was checked/);
  });

  it('a press the sketch heard is not warned of', async () => {
    const warned = await warnedDuring(async () => {
      const bench = await testSketch('test/fixtures/scenarios/doorbell.ts');
      await bench.press(2, { wiredTo: '5v' });
      await bench.delay('100ms');
      await bench.stop();
    });
    assert.deepEqual(warned, []);
  });
});
