/**
 * A circuit whose node names a peer the circuit does not have is refused whole, naming the file and
 * the field, before any board is opened: the board asked for here (a Uno on a serial port that does
 * not exist) would fail loudly, and its lines would be printed, if it were opened first.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { freePort, hasNoStackTrace, runCli } from '../support/cli.js';

describe('a peer name the circuit does not have', () => {
  let circuit: string;
  const board = ['--board', 'uno', '--serial-port', '/dev/pinmesh-no-such-port'];

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-peer-'));
    circuit = join(dir, 'circuit.json');
    const nodes = {
      iopin: { host: '127.0.0.1', port: await freePort(), options: { peer: 'buzer' } },
      buzzer: { host: '127.0.0.1', port: await freePort() },
      clock: { sketch: 'clock', options: { target: 'iopin', channel: '/datafeed' } },
    };
    await writeFile(circuit, JSON.stringify({ nodes }, null, 2));
  });

  const refusal = () => new RegExp(`^pinmesh: ${circuit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: nodes\\.iopin\\.options\\.peer names "buzer", which is not a node of the circuit \\(nodes: iopin, buzzer, clock\\)`);

  it('pinmesh circuit: refused with the file and the field, no board opened', async () => {
    const result = await runCli(['circuit', '--circuit', circuit, ...board]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, refusal());
    assert.ok(hasNoStackTrace(result.stderr));
    assert.doesNotMatch(result.stdout + result.stderr, /\[ board \]|serial|no-such-port/);
  });

  it('pinmesh iopin: the same, for the one node it runs', async () => {
    const result = await runCli(['iopin', '--circuit', circuit, ...board]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, refusal());
    assert.doesNotMatch(result.stdout + result.stderr, /\[ board \]|serial|no-such-port/);
  });
});
