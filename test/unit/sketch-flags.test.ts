import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { addSketchFlags } from '../../src/cli/sketch-flags.js';
import { builtInSketches } from '../../src/sketches/registry.js';

function parsed(args: string[]) {
  const command = new Command('iopin').exitOverride().configureOutput({ writeErr: () => undefined });
  const given = addSketchFlags(command, builtInSketches.iopin.options, { skip: (_, property) => property.peer === true });
  command.parse(args, { from: 'user' });
  return { command, given: given(command) };
}

describe('CLI flags derive from the sketch option schemas', () => {
  it('every option of the schema but the peers is a flag, and its default is the schema default', () => {
    const { command } = parsed([]);
    const result = builtInSketches.iopin.options.safeParse({});
    assert.ok(result.success);
    const defaults = result.data as Record<string, unknown>;
    for (const [key, value] of Object.entries(defaults)) {
      if (key === 'peer') {
        assert.equal(command.options.find((option) => option.attributeName() === key), undefined, 'peers are wired in the circuit file');
        continue;
      }
      assert.equal(command.opts()[key], value, `--${key} defaults to the schema's ${String(value)}`);
    }
  });

  it('only the flags the person gave override the circuit file', () => {
    assert.deepEqual(parsed([]).given, {});
    assert.deepEqual(parsed(['--hold', '0', '--chance', '0.25']).given, { hold: 0, chance: 0.25 });
  });

  it("values are checked against the schema's range when parsed, with the range in the message", () => {
    assert.throws(() => parsed(['--sequence', '0']), /expected a whole number from 1 to 256, got "0"/);
    assert.throws(() => parsed(['--chance', 'often']), /expected a number from 0 to 1/);
  });

  it('a pin flag is checked as a pin number when parsed; what the pin can do is the board’s to say (pin-options.test.ts)', () => {
    const command = new Command('buzzer').exitOverride().configureOutput({ writeErr: () => undefined });
    addSketchFlags(command, builtInSketches.buzzer.options);
    assert.throws(() => command.parse(['--pin', '128'], { from: 'user' }), /expected a whole number from 0 to 127, got "128"/);
    assert.equal(parsed(['--pin', '44']).command.opts().pin, 44, "a Mega's pin 44 is a pin: the Uno's table does not refuse it");
  });

  it('a flag that two sketches share is prefixed with the second one’s name', () => {
    const command = new Command('circuit');
    const taken = new Set<string>();
    addSketchFlags(command, builtInSketches.iopin.options, { taken, prefix: 'iopin' });
    addSketchFlags(command, builtInSketches.buzzer.options, { taken, prefix: 'buzzer' });
    const flags = command.options.map((option) => option.long);
    assert.ok(flags.includes('--pin') && flags.includes('--buzzer-pin'), flags.join(' '));
  });
});
