/**
 * Every command's --help says what the command accepts: walked from the program itself
 * (src/cli/program.ts), so a new command or flag is checked without a line added here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { SKETCH_EXTENSIONS } from '../../src/runtime/sketch-file.js';
import { runCli } from '../support/cli.js';

/** Every command of the program, with its words (`pinmesh firmware fetch`). */
function allCommands(command: Command, path: string[] = ['pinmesh']): Array<{ path: string; command: Command }> {
  return [{ path: path.join(' '), command }, ...command.commands.flatMap((sub) => allCommands(sub, [...path, sub.name()]))];
}

/** The flags a command takes: its own, its parents', and the ones commander adds. */
function flagsOf(command: Command): Set<string> {
  const flags = new Set(['--help', '--version']);
  for (let at: Command | null = command; at; at = at.parent) for (const option of at.options) if (option.long) flags.add(option.long);
  return flags;
}

/** The help of one command, without the list of its subcommands (their lines are checked with them). */
function ownHelp(command: Command): string {
  return command.helpInformation().split(/\nCommands:\n/)[0]!;
}

const flagsIn = (text: string) => [...text.matchAll(/--[a-z][a-z0-9-]*/g)].map((found) => found[0]);
const extensionsIn = (text: string) => [...text.matchAll(/(?<![\w/])\.[cm]?[jt]s\b/g)].map((found) => found[0]);

const commands = allCommands(buildProgram());

describe("every command's help", () => {
  for (const { path, command } of commands) {
    it(`${path}: every flag its help names is one it takes`, () => {
      const takes = flagsOf(command);
      assert.deepEqual(flagsIn(ownHelp(command)).filter((flag) => !takes.has(flag)), []);
      for (const sub of command.commands) {
        const summary = sub.summary() || sub.description();
        assert.deepEqual(flagsIn(summary).filter((flag) => !flagsOf(sub).has(flag)), [], `${path} ${sub.name()}'s line in ${path} --help`);
      }
    });
  }
});

describe('run --help', () => {
  const run = commands.find(({ path }) => path === 'pinmesh run')!.command;

  it('lists exactly the extensions the sketch loader accepts, in its help and in pinmesh --help', () => {
    assert.deepEqual(extensionsIn(ownHelp(run)), [...SKETCH_EXTENSIONS]);
    assert.deepEqual(extensionsIn(buildProgram().helpInformation()), [...SKETCH_EXTENSIONS]);
  });
});

describe('--token-file in the help of a command that serves', () => {
  const tokenLine = (path: string) => {
    const help = ownHelp(commands.find((entry) => entry.path === path)!.command);
    return help.slice(help.indexOf('--token-file')).split(/\n {2}-/)[0]!.replace(/\s+/g, ' ');
  };

  it('board: says every client must present it (the board node enforces it; no circuit marks it)', () => {
    assert.match(tokenLine('pinmesh board'), /every client of this board node must present/);
    assert.doesNotMatch(tokenLine('pinmesh board'), /circuit marks/);
  });

  it("a node's: says its clients must present it, besides whom it is sent to", () => {
    assert.match(tokenLine('pinmesh buzzer'), /the clients of the nodes served here must present it, and it is sent to nodes the circuit marks "token": true/);
  });
});

describe('sim --help', () => {
  const sim = commands.find(({ path }) => path === 'pinmesh sim')!.command;

  it('says --serial is required unless --tcp is given, as pinmesh sim with neither refuses to run', async () => {
    const serialLine = ownHelp(sim).split('\n').find((line) => /^--serial\s/.test(line.trimStart()));
    assert.match(serialLine ?? '', /\(required unless --tcp\)/);
    assert.match(sim.description(), /pinmesh sim --serial/);
    const bare = await runCli(['sim']);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /add --serial/);
  });
});
