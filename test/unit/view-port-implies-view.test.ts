/**
 * `--view-port PORT` without `--view` asks for the live view: a port for a page nobody serves was
 * silently ignored. Walked over the program itself, so every command with the flag is held to it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';

const commandsWithViewPort = buildProgram().commands.filter((command) => command.options.some((option) => option.long === '--view-port'));

/** The flags `pinmesh NAME ...words` would run with (its action not run; its arguments made up). */
function flagsFor(command: Command, words: string[]): Record<string, unknown> {
  let flags: Record<string, unknown> | undefined;
  command.exitOverride().action(function (this: Command) {
    flags = this.opts();
  });
  const made = command.registeredArguments.filter((argument) => argument.required).map(() => 'made-up');
  command.parse([...made, ...words], { from: 'user' });
  assert.ok(flags, 'the action ran');
  return flags;
}

describe('--view-port without --view', () => {
  it('is on every command that serves the live view', () => {
    assert.deepEqual(commandsWithViewPort.map((command) => command.name()).sort(), ['buzzer', 'circuit', 'iopin', 'replay', 'run', 'sim']);
  });

  for (const command of commandsWithViewPort) {
    it(`pinmesh ${command.name()} --view-port 9000 serves the view on 9000; without either, no view`, () => {
      assert.deepEqual(pick(flagsFor(command, ['--view-port', '9000'])), { view: true, viewPort: 9000 });
      assert.deepEqual(pick(flagsFor(command, ['--view'])), { view: true, viewPort: 8780 });
      assert.deepEqual(pick(flagsFor(command, [])), { view: undefined, viewPort: 8780 });
    });
  }
});

const pick = ({ view, viewPort }: Record<string, unknown>) => ({ view, viewPort });
