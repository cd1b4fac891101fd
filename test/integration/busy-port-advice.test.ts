import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { freeCircuitFile, freePort, hasNoStackTrace, runCli } from '../support/cli.js';

/** Issue 18, item 4: a port in use is said with what moves the node for the command that was run. */
async function occupy(port: number): Promise<Server> {
  const busy = createServer().listen(port, '127.0.0.1');
  await once(busy, 'listening');
  return busy;
}

/** Two free ports side by side (the circuit's two served nodes), found by trying. */
async function freePair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port >= 65535) continue;
    try {
      (await occupy(port + 1)).close();
      return port;
    } catch {
      // taken: try another
    }
  }
}

describe('a port already in use: advice that works for the command', () => {
  it('circuit: names --base-port and the circuit file, not --port (which circuit does not have)', async () => {
    const circuit = await freeCircuitFile();
    const busy = await occupy(circuit.iopin);
    try {
      const result = await runCli(['circuit', '--board', 'mock', '--ticks', '1', '--delay', '0', '--circuit', circuit.path]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`port ${circuit.iopin} on 127\\.0\\.0\\.1 is already in use.*--base-port N.*change iopin's port in ${circuit.path.replace(/[.\\/]/g, '\\$&')}`));
      assert.doesNotMatch(result.stderr, /--port\b/);
      assert.ok(hasNoStackTrace(result.stderr));
    } finally {
      busy.close();
    }
  });

  it('circuit --base-port N: the nodes move to N and N+1 and the circuit runs', async () => {
    const circuit = await freeCircuitFile();
    const busy = await occupy(circuit.iopin);
    try {
      const base = await freePair();
      const result = await runCli(['circuit', '--board', 'mock', '--ticks', '1', '--delay', '0', '--json', '--base-port', String(base), '--circuit', circuit.path]);
      assert.equal(result.code, 0, result.stderr);
      const listening = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>).filter((e) => e.event === 'listening');
      assert.deepEqual(listening.map((e) => e.port).sort(), [base, base + 1]);
    } finally {
      busy.close();
    }
  });

  it('board: names --port', async () => {
    const port = await freePort();
    const busy = await occupy(port);
    try {
      const result = await runCli(['board', '--board', 'mock', '--port', String(port)]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*choose another port with --port`));
      assert.ok(hasNoStackTrace(result.stderr));
    } finally {
      busy.close();
    }
  });
});
