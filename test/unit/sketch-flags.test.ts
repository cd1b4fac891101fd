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
    const defaults = builtInSketches.iopin.options.parse({});
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

  it('a pin is checked against what an Uno pin can do, with the pins that would do', () => {
    const command = new Command('buzzer').exitOverride().configureOutput({ writeErr: () => undefined });
    addSketchFlags(command, builtInSketches.buzzer.options);
    assert.throws(() => command.parse(['--pin', '4'], { from: 'user' }), /pin 4 cannot be used as pwm on an Uno: choose 3, 5, 6, 9, 10 or 11/);
    assert.throws(() => parsed(['--pin', '1']), /pin 1 cannot be used as digital-out on an Uno/, 'pins 0 and 1 are the serial line');
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
