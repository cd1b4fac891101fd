/**
 * A step's misspelt field says what the step takes and the field it was likely meant to be, where zod
 * said only `Unrecognized key: "fro"`; an `expect` put inside a send's braces says where it goes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { parseScenario } from '../../src/testing/index.js';

const refusal = (steps: string): string => {
  try {
    parseScenario(`name: typo\nsketch: blink.mjs\nsteps:\n${steps}`, 'typo.test.yaml');
  } catch (error) {
    assert.ok(error instanceof UserError, String(error));
    return error.message;
  }
  return assert.fail('the scenario was accepted');
};

describe("a scenario step's fields", () => {
  it('a misspelt field names what the step takes, and the field it was likely meant to be', () => {
    assert.equal(refusal('  - press: { pin: 2, fro: 100ms }\n'), 'typo.test.yaml:4: steps[0].press: unknown key "fro" in press: it takes pin, for, wiredTo: did you mean "for"?');
    assert.equal(refusal('  - wait-pin: { pin: 13, value: 1, timout: 2s }\n'), 'typo.test.yaml:4: steps[0].wait-pin: unknown key "timout" in wait-pin: it takes pin, value, timeout: did you mean "timeout"?');
    // Nothing close: the list alone.
    assert.equal(refusal('  - release: { pin: 2, colour: red }\n'), 'typo.test.yaml:4: steps[0].release: unknown key "colour" in release: it takes pin');
  });

  it('a misspelt step names the step it was likely meant to be', () => {
    assert.match(refusal('  - pres: { pin: 2 }\n'), /^typo\.test\.yaml:4: steps\[0\]\.pres: unknown step "pres": did you mean "press"\?: a step is one of send, /);
    assert.match(refusal('  - expect_pin: { pin: 13, value: 1 }\n'), /^typo\.test\.yaml:4: steps\[0\]\.expect_pin: unknown step "expect_pin": did you mean "expect-pin"\?: a step is one of /);
  });

  it('expect inside the braces of a send says it goes beside it', () => {
    assert.match(refusal('  - send: { channel: /desk, message: "on", expect: "led on" }\n'), /^typo\.test\.yaml:4: steps\[0\]\.send: expect goes beside send, not inside its braces/);
  });

  it("a field's own mistakes keep their own words", () => {
    assert.equal(refusal('  - expect-pin: { pin: x, value: 1 }\n'), 'typo.test.yaml:4: steps[0].expect-pin.pin: a pin is a number (13) or A0–A5, got "x"');
  });
});
