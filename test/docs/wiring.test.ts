/**
 * wiring.md's first run on the simulated Uno prints what the page shows (the same lines, the bits
 * drawn by its --seed), and its flag table names every board `pinmesh circuit --board` takes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { boardKinds } from '../../src/boards/open-board.js';
import { freePort, runCli } from '../support/cli.js';
import { codeBlocks } from '../support/markdown.js';

const page = 'wiring.md';

describe('wiring.md', () => {
  it("step 0's sample is what its command prints (its lines, on the circuit's ports)", async () => {
    const blocks = codeBlocks(page).filter((block) => block.heading?.startsWith('0.'));
    const command = blocks.find((block) => block.lang === 'sh' && block.value.startsWith('pinmesh circuit --board sim'));
    assert.ok(command, 'step 0 runs pinmesh circuit --board sim');
    const sample = blocks[blocks.indexOf(command) + 1]!;
    const args = command.value.trim().split(/\s+/).slice(1);
    // On ports of this test's own, said as the page's: the article's 8765 (iopin) and 8766 (buzzer).
    const base = await freePort();
    const run = await runCli([...args, '--base-port', String(base)]);
    assert.equal(run.code, 0, run.stderr);
    const printed = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.replaceAll(`:${base + 1}`, ':8766').replaceAll(`:${base}`, ':8765'));
    // The nodes run side by side, so two lines may swap; each line is the page's, and the page's each printed.
    assert.deepEqual([...printed].sort(), sample.value.split('\n').sort());
  });

  it("the flag table's --board names every board pinmesh circuit takes", () => {
    const row = readFileSync(page, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('| `--board <kind>`'));
    assert.ok(row, 'wiring.md has a --board row in its flag table');
    for (const kind of boardKinds) assert.ok(row.includes(`\`${kind}\``), `--board ${kind} is in wiring.md's flag table: ${row}`);
  });
});
