/**
 * docs/commands.md is the CLI's own help, every command of it: the page is rendered in memory from
 * the program's Command objects, as `npm run docs:commands` writes it, and must equal the file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildProgram } from '../../src/cli/program.js';
import { commandsDocPath, renderCommandsDoc } from '../../scripts/commands-doc.js';

describe('docs/commands.md', () => {
  it("is the CLI's --help as it is now", async () => {
    const expected = await renderCommandsDoc();
    const actual = readFileSync(commandsDocPath, 'utf8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = e.findIndex((text, index) => a[index] !== text);
      assert.fail(
        `docs/commands.md is out of date: run npm run docs:commands\n` +
          `first difference at line ${line + 1}:\n  file: ${JSON.stringify(a[line])}\n  help: ${JSON.stringify(e[line])}`,
      );
    }
  });

  it("names no one machine's runtime directory: a default made from it is said for every machine", async () => {
    const page = readFileSync(commandsDocPath, 'utf8');
    assert.doesNotMatch(page, /\/run\/user\//, 'no /run/user/1000 of the machine the page was made on');
    assert.match(page, /\(default:\s+\$XDG_RUNTIME_DIR\/pinmesh-uno,\s+or\s+\/tmp\/pinmesh-uno\)/);
    const saved = process.env.XDG_RUNTIME_DIR;
    try {
      for (const dir of [undefined, '/run/user/4242']) {
        if (dir === undefined) delete process.env.XDG_RUNTIME_DIR;
        else process.env.XDG_RUNTIME_DIR = dir;
        assert.equal(await renderCommandsDoc(), page, `the same page with XDG_RUNTIME_DIR=${dir ?? '(unset)'}`);
      }
    } finally {
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
    }
  });

  it('has a section for every command of the program, sub-commands included', () => {
    const page = readFileSync(commandsDocPath, 'utf8');
    const program = buildProgram();
    const names = program.commands.flatMap((command) => [command.name(), ...command.commands.map((sub) => `${command.name()} ${sub.name()}`)]);
    assert.ok(names.includes('circuit') && names.includes('firmware fetch'));
    for (const name of names) assert.match(page, new RegExp(`^## pinmesh ${name}$`, 'm'), `docs/commands.md has "## pinmesh ${name}"`);
  });
});
