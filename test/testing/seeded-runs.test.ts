/**
 * Issue 21.3: `--seed N` makes every random choice of a run repeat, the iopin's bits first: two
 * `pinmesh circuit` runs with the same seed draw the same bits, another seed other bits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeCircuitFile, runCli } from '../support/cli.js';

async function bits(seed: number): Promise<string> {
  const circuit = await freeCircuitFile();
  const run = await runCli(['circuit', '--circuit', circuit.path, '--board', 'mock', '--ticks', '6', '--delay', '0', '--hold', '0', '--seed', String(seed), '--json']);
  assert.equal(run.code, 0, run.stderr);
  const events = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { node: string; event: string; bits?: number[] });
  return events.filter((event) => event.node === 'iopin' && event.event === 'bits').map((event) => event.bits!.join('')).join(' ');
}

describe('pinmesh circuit --seed', () => {
  it('draws the same bits for the same seed, other bits for another', async () => {
    const first = await bits(7);
    assert.equal(first.split(' ').length, 6, first);
    assert.equal(await bits(7), first);
    assert.notEqual(await bits(8), first);
  });
});
