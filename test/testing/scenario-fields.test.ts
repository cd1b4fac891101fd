/**
 * A scenario's own fields say what they take, in the words its steps' fields use, where zod said
 * `board: Invalid option: expected one of "mock"|"sim"` and `steps: Invalid input: expected array,
 * received undefined`: a misspelt board gets the likely one, a scenario without steps is told what
 * steps are, a misspelt key the keys a scenario takes (on the key's own line).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { parseScenario } from '../../src/testing/index.js';

const refusal = (text: string): string => {
  try {
    parseScenario(text, 'lamp.test.yaml');
  } catch (error) {
    assert.ok(error instanceof UserError, String(error));
    return error.message;
  }
  return assert.fail('the scenario was accepted');
};

const STEPS = 'send, expect-pin, delay, wait-pin, expect-pwm, wait-pwm, press, release, set-analog, expect-tone, expect-servo, wait-done';
const BOARDS = "mock (the mock board, in virtual time) or sim (the simulated Uno, in its MCU's time)";

describe("a scenario's fields", () => {
  it('a board scenarios do not run on names the ones they do, and the likely one', () => {
    assert.equal(refusal('name: lamp\nboard: simm\nsketch: lamp.ts\nsteps:\n  - delay: 1s\n'), `lamp.test.yaml:2: board: a scenario runs on ${BOARDS}, got "simm": did you mean "sim"?`);
    assert.equal(refusal('name: lamp\nboard: uno\nsketch: lamp.ts\nsteps:\n  - delay: 1s\n'), `lamp.test.yaml:2: board: a scenario runs on ${BOARDS}, got "uno"`);
  });

  it('a scenario without steps, with none, or with something else is told what steps are', () => {
    assert.equal(
      refusal('name: lamp\nsketch: lamp.ts\n'),
      `lamp.test.yaml:1: steps: a scenario needs steps: a list, a step a line (- send: { channel: /desk, message: "on" }); a step is one of ${STEPS}`,
    );
    assert.equal(refusal('name: lamp\nsketch: lamp.ts\nsteps: []\n'), `lamp.test.yaml:3: steps: a scenario needs at least one step: a step is one of ${STEPS}`);
    assert.equal(refusal('name: lamp\nsketch: lamp.ts\nsteps: on\n'), 'lamp.test.yaml:3: steps: a scenario\'s steps are a list, a step a line (- delay: 1s), got "on"');
    assert.equal(refusal('name: lamp\nsketch: lamp.ts\nsteps:\n  - on\n'), 'lamp.test.yaml:4: steps[0]: a step is one action and what it takes (- delay: 1s, - expect-pin: { pin: 13, value: 1 }), got "on"');
  });

  it('a misspelt key names the keys a scenario takes and the likely one, on its own line', () => {
    assert.equal(
      refusal('name: lamp\nsketch: lamp.ts\nstep:\n  - delay: 1s\n'),
      'lamp.test.yaml:3: the scenario: unknown key "step": a scenario takes name, board, sketch, circuit, clock, options, seed, steps: did you mean "steps"?',
    );
    assert.equal(refusal('name: lamp\ncircuit: article\nclock: { tick: 3 }\nsteps:\n  - delay: 1s\n'), 'lamp.test.yaml:3: clock: unknown key "tick" in clock: it takes ticks, delay: did you mean "ticks"?');
  });

  it('the other fields say what they take', () => {
    assert.equal(refusal('sketch: lamp.ts\nsteps:\n  - delay: 1s\n'), 'lamp.test.yaml:1: name: a scenario needs a name: what it shows (name: blink lights the LED)');
    assert.equal(refusal('name: lamp\nsketch: lamp.ts\nseed: 1.5\nsteps:\n  - delay: 1s\n'), 'lamp.test.yaml:3: seed: a seed is a whole number, got 1.5');
    assert.equal(refusal('name: lamp\nsketch: 3\nsteps:\n  - delay: 1s\n'), "lamp.test.yaml:2: sketch: a sketch file (relative to the scenario file) or a built-in's name (iopin, buzzer), got 3");
    assert.equal(refusal('name: lamp\ncircuit: article\nclock: 3\nsteps:\n  - delay: 1s\n'), "lamp.test.yaml:3: clock: a circuit's clocks are { ticks: 5, delay: 1s }, got 3");
    assert.equal(refusal('name: lamp\ncircuit: article\nclock: { ticks: -1 }\nsteps:\n  - delay: 1s\n'), 'lamp.test.yaml:3: clock.ticks: a number of ticks is 0 or more, got -1');
  });

  it("a step's value of the wrong type says what it takes and what was written, not zod's \"expected string, received number\"", () => {
    assert.equal(refusal('name: lamp\nsketch: lamp.ts\nsteps:\n  - send: { channel: /desk, message: 5 }\n'), 'lamp.test.yaml:4: steps[0].send.message: expected a text (in quotes), got 5');
    assert.equal(refusal('name: lamp\nsketch: lamp.ts\nsteps:\n  - send: { channel: /desk, message: [on] }\n'), 'lamp.test.yaml:4: steps[0].send.message: expected a text (in quotes), got a list');
    assert.equal(refusal('name: lamp\nsketch: lamp.ts\nsteps:\n  - send: { message: "on" }\n'), 'lamp.test.yaml:4: steps[0].send.channel: missing: expected a text (in quotes)');
  });
});
