import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CliProcess, freeCircuitFile, hasNoStackTrace } from '../support/cli.js';
import { compiled, nodeLoader } from '../support/compiled.js';

const probeScript = compiled('test/support/run-probe.ts');

/** `pinmesh …` with the probe extension listed after the command's own (see run-probe.ts). */
function startProbed(args: string[]): CliProcess {
  return new CliProcess(spawn(process.execPath, [...nodeLoader, probeScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PINMESH_DEBUG: '' } }));
}

const momentsIn = (stderr: string) => [...stderr.matchAll(/^moment: (.*)$/gm)].map((found) => found[1]);

describe('a run extension takes part in each moment of a run, in order', () => {
  it('the article circuit: joined, planned, its board once, each served node, the clocks and their pace, then finished', async () => {
    const circuit = await freeCircuitFile();
    const cli = startProbed(['circuit', '--board', 'mock', '--json', '--ticks', '2', '--delay', '0', '--hold', '0', '--probe-pace', '--circuit', circuit.path]);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(momentsIn(result.stderr), [
      'join circuit',
      'beforeBoards buzzer iopin clock',
      'boardOpened mock',
      'nodeStarted buzzer (buzzer) on mock',
      'nodeStarted iopin (iopin) on mock',
      'clocksStarting clock (clock)',
      'clockPace',
      'clockStarting clock',
      'paced', // between the two ticks: the extension's pace is the clock's
      'finished',
    ]);
  });

  it('a button clock starts with the board it reads (where the keys press the simulated button)', async () => {
    const circuit = await freeCircuitFile();
    const cli = startProbed(['circuit', '--board', 'mock', '--json', '--clock', 'button', '--presses', '1', '--circuit', circuit.path]);
    await cli.waitForStderr(/^moment: clockStarting .*$/m);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    assert.deepEqual(momentsIn(result.stderr).slice(0, 7), [
      'join circuit',
      'beforeBoards buzzer iopin clock',
      'boardOpened mock',
      'nodeStarted buzzer (buzzer) on mock',
      'nodeStarted iopin (iopin) on mock',
      'clocksStarting clock (button)',
      'clockStarting clock on mock',
    ]);
  });

  it('a node that would listen beyond loopback without a token is refused before any extension gets ready or any board opens', async () => {
    // The refusal is decided from the address: nothing binds it.
    const circuit = await freeCircuitFile();
    await writeFile(circuit.path, JSON.stringify({ nodes: { iopin: { host: '0.0.0.0', port: circuit.iopin }, buzzer: { host: '127.0.0.1', port: circuit.buzzer } } }));
    const cli = startProbed(['circuit', '--board', 'mock', '--circuit', circuit.path]);
    const result = await cli.exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /refusing to serve iopin on 0\.0\.0\.0 without a token/);
    assert.ok(hasNoStackTrace(result.stderr), result.stderr);
    assert.deepEqual(momentsIn(result.stderr), ['join circuit']);
    assert.deepEqual(result.stdout, '');
  });
});
