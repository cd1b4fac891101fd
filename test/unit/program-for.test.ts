/**
 * A run loads only its own command (src/cli/program-for.ts) and gets the very command the full
 * program has: same flags, same help. The full program (src/cli/program.ts) is what --help, an
 * unknown command and the generated docs see.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandRegistrars, programFor } from '../../src/cli/program-for.js';
import { buildProgram } from '../../src/cli/program.js';

const full = buildProgram();
const argv = (...words: string[]) => ['node', 'pinmesh', ...words];

describe('the program a run builds (program-for.ts)', () => {
  it('knows every command of the full program, and no other', () => {
    assert.deepEqual(Object.keys(commandRegistrars).sort(), full.commands.map((command) => command.name()).sort());
  });

  for (const command of full.commands) {
    it(`pinmesh ${command.name()}: the same command, with the same help, and only it`, async () => {
      const program = await programFor(argv(command.name(), '--json'));
      const own = program.commands.find((registered) => registered.name() === command.name());
      assert.ok(own, `${command.name()} registered`);
      assert.equal(own.helpInformation(), command.helpInformation());
      assert.deepEqual(own.commands.map((sub) => sub.helpInformation()), command.commands.map((sub) => sub.helpInformation()));
      assert.ok(program.commands.length < full.commands.length, 'not every command');
      assert.equal(program.version(), full.version());
    });
  }

  it('is the root alone for --version, with the full program’s version', async () => {
    for (const flag of ['--version', '-V']) {
      const program = await programFor(argv(flag));
      assert.deepEqual(program.commands, [], flag);
      assert.equal(program.version(), full.version());
    }
  });

  it('is the full program for no command, a flag first, or an unknown command', async () => {
    for (const words of [[], ['--help'], ['--version', '--help'], ['circiut'], ['constructor']]) {
      const program = await programFor(argv(...words));
      assert.deepEqual(program.commands.map((command) => command.name()), full.commands.map((command) => command.name()), words.join(' '));
    }
  });
});
