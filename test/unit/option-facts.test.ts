import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as classic from 'zod';
import { optionFacts } from '../../src/cli/option-facts.js';
import { builtInSketches } from '../../src/sketches/registry.js';
import { pinOption } from '../../src/sketches/pin-option.js';

describe("what a flag learns of a sketch's option schema", () => {
  it("pinmesh's own (zod/mini): type, inclusive range, default, description and pinmesh's metadata", () => {
    const facts = optionFacts(builtInSketches.iopin.options.shape);
    assert.deepEqual(facts.sequence, { type: 'integer', minimum: 1, maximum: 256, default: 3, description: 'bits per tick' });
    assert.deepEqual(facts.chance, { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'probability of a 0 for each bit', placeholder: 'p' });
    assert.deepEqual(facts.peer, { type: 'string', default: 'buzzer', description: 'node the bits are streamed to', peer: true });
    assert.equal(optionFacts(builtInSketches.clock.options.shape).ticks?.short, 't');
  });

  it("a person's classic zod schema, pinOption among its options, reads the same way", () => {
    const shape = {
      blinks: classic.number().int().min(2).max(9).default(3).describe('how many blinks'),
      colour: classic.enum(['red', 'green']).default('red'),
      label: classic.string().optional().describe('shown in the log'),
      // An exclusive bound is no range for the flag: the schema's own check (and message) refuses 0.
      speed: classic.number().positive(),
      steps: classic.int().meta({ short: 'n' }),
      quiet: classic.boolean().default(false),
      led: pinOption('digital-out', 4, 'pin the LED is on'),
    };
    const facts = optionFacts(shape);
    assert.deepEqual(facts.blinks, { type: 'integer', minimum: 2, maximum: 9, default: 3, description: 'how many blinks' });
    assert.deepEqual(facts.colour, { type: 'string', enum: ['red', 'green'], default: 'red' });
    assert.deepEqual(facts.label, { type: 'string', description: 'shown in the log' });
    assert.deepEqual(facts.speed, { type: 'number' });
    assert.deepEqual(facts.steps, { type: 'integer', short: 'n' });
    assert.deepEqual(facts.quiet, { type: 'boolean', default: false });
    assert.deepEqual(facts.led, { type: 'integer', minimum: 0, maximum: 127, default: 4, description: 'pin the LED is on', placeholder: 'pin' });
  });

  it('a value that is no zod schema gives no facts, and no error', () => {
    assert.deepEqual(optionFacts({ odd: 42, none: undefined, empty: {} }), { odd: {}, none: {}, empty: {} });
  });
});
