import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { connectingOnlySketches, defaultCircuit, loadCircuit, nodeAddressOf, nodeUrl, parseCircuit } from '../../src/mesh/circuit.js';
import { builtInSketches } from '../../src/sketches/registry.js';

async function circuitFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pinmesh-circuit-'));
  const path = join(dir, 'circuit.json');
  await writeFile(path, text);
  return path;
}

describe('circuit file', () => {
  it('defaults to the article grid: iopin on 8765, buzzer on 8766, on loopback', async () => {
    assert.deepEqual(await loadCircuit(undefined), defaultCircuit);
    assert.deepEqual(nodeAddressOf(defaultCircuit, 'iopin'), { host: '127.0.0.1', port: 8765 });
    assert.deepEqual(nodeAddressOf(defaultCircuit, 'buzzer'), { host: '127.0.0.1', port: 8766 });
  });

  it('loads a valid file', async () => {
    const path = await circuitFile('{"nodes": {"iopin": {"host": "127.0.0.1", "port": 9001}, "buzzer": {"host": "::1", "port": 9002}}}');
    const circuit = await loadCircuit(path);
    assert.equal(nodeUrl(nodeAddressOf(circuit, 'buzzer'), 'iopin'), 'ws://[::1]:9002/iopin');
  });

  const badFiles: Array<[string, string, RegExp]> = [
    ['not JSON', '{"nodes": ', /not valid JSON/],
    ['a port out of range', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 70000}}}', /at nodes\.iopin\.port/],
    ['a port given as text', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": "8765"}}}', /at nodes\.iopin\.port/],
    ['a missing host', '{"nodes": {"iopin": {"port": 8765}}}', /at nodes\.iopin\.host/],
    ['a misspelt key of the broker', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}}, "broker": {"urll": "mqtt://127.0.0.1:1883"}}', /at broker: unknown key "urll": did you mean "url"\?$/],
    ['a misspelt key of the broker, in another case', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}}, "broker": {"url": "mqtt://127.0.0.1:1883", "homeAssistant": true}}', /at broker: unknown key "homeAssistant": did you mean "homeassistant"\?$/],
    ['a key the broker has none like', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}}, "broker": {"url": "mqtt://127.0.0.1:1883", "password": "x"}}', /at broker: Unrecognized key: "password"/],
    ['a misspelt key of a node\'s board', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765, "board": {"kind": "uno", "serialport": "/dev/ttyACM0"}}}}', /at nodes\.iopin\.board: unknown key "serialport": did you mean "serialPort"\?$/],
    ['a board given as a number', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}}, "board": 5}', /at board: Invalid input \(expected a board: "mock", "sim", "uno", …, "ws:\/\/HOST:PORT", "tcp:\/\/HOST:PORT" or \{"kind": "uno", "serialPort": "\/dev\/ttyACM0"\}\)$/],
    ['a node\'s board given empty', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765, "board": ""}}}', /at nodes\.iopin\.board: .* \(expected a board: "mock", "sim"/],
    ['a broker keepalive given as text', '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}}, "broker": {"url": "mqtt://127.0.0.1:1883", "keepalive": "10"}}', /at broker\.keepalive: expected a number, got "10"/],
    ['a node with neither an address nor a sketch', '{"nodes": {"lamp": {"options": {}}}}', /at nodes\.lamp\.host: a node needs a host and a port, or a sketch that only connects out/],
    ['a misspelt field', '{"nodes": {"iopin": {"host": "127.0.0.1", "prot": 8765}}}', /at nodes\.iopin: unknown key "prot": did you mean "port"\?$/],
    ['a misspelt key of the file', '{"node": {"iopin": {"host": "127.0.0.1", "port": 8765}}}', /at top level: unknown key "node": did you mean "nodes"\?$/],
    ['no nodes', '{"nodes": {}}', /at least one node/],
    ['no nodes key', '{"grid": []}', /circuit/],
  ];
  for (const [what, text, message] of badFiles) {
    it(`rejects ${what} with one line that says where`, async () => {
      const path = await circuitFile(text);
      await assert.rejects(loadCircuit(path), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, message);
        assert.ok(error.message.includes(path), 'the message names the file');
        assert.ok(!error.message.includes('\n'), 'one line');
        return true;
      });
    });
  }

  const syntaxErrors: Array<[string, string, string]> = [
    ['a missing comma between nodes', '{\n  "nodes": {\n    "iopin": {"host": "127.0.0.1", "port": 8765}\n    "buzzer": {"host": "127.0.0.1", "port": 8766}\n  }\n}\n', '4:5'],
    ['a trailing comma', '{"nodes": {\n  "iopin": {"host": "127.0.0.1", "port": 8765},\n}}', '3:1'],
    ['a file that stops short', '{\n  "nodes": {\n', '3:1'],
    ['a value not in quotes', '{\n  "nodes": {\n    "iopin": {"host": "127.0.0.1", "port": 8765, "board": uno}\n  }\n}\n', '3:59'],
  ];
  for (const [what, text, where] of syntaxErrors) {
    it(`a JSON syntax error (${what}) is given as FILE:LINE:COLUMN and in words`, async () => {
      const path = await circuitFile(text);
      const [line, column] = where.split(':');
      await assert.rejects(loadCircuit(path), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.ok(error.message.startsWith(`bad circuit file ${path}:${where} (line ${line}, column ${column}): not valid JSON: `), error.message);
        assert.doesNotMatch(error.message, /position/);
        assert.ok(!error.message.includes('\n'), 'one line');
        return true;
      });
    });
  }

  const yamlFiles: Array<[string, string]> = [
    ['YAML', 'nodes:\n  iopin:\n    host: 127.0.0.1\n    port: 8765\n'],
    ['YAML that starts with a comment and ---', '# my circuit\n---\nnodes:\n  iopin: {host: 127.0.0.1, port: 8765}\n'],
  ];
  for (const [what, text] of yamlFiles) {
    it(`a file written in ${what} is refused in one line that says circuit files are JSON`, async () => {
      const path = await circuitFile(text);
      await assert.rejects(loadCircuit(path), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.ok(error.message.startsWith(`bad circuit file ${path}: not JSON (it looks like YAML); circuit files are JSON: {"nodes": `), error.message);
        assert.ok(!error.message.includes('\n'), 'one line');
        return true;
      });
    });
  }

  it('a JSON file with a comment before it is not taken for YAML: the comment is where it fails', async () => {
    const path = await circuitFile('# my circuit\n{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}}}\n');
    await assert.rejects(loadCircuit(path), (error: unknown) => error instanceof UserError && error.message === `bad circuit file ${path}:1:1 (line 1, column 1): not valid JSON: Unexpected token '#'`);
  });

  it('takes a node named after a built-in that only connects out (the clock, the button) without an address or a sketch', () => {
    const circuit = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 8765 }, clock: { options: { target: 'iopin' } }, button: {} } }, 'c.json');
    assert.deepEqual(Object.keys(circuit.nodes), ['iopin', 'clock', 'button']);
    const connectingOnly = Object.entries(builtInSketches).filter(([, entry]) => entry.role === 'clock').map(([name]) => name);
    assert.deepEqual([...connectingOnlySketches].sort(), connectingOnly.sort(), 'the registry\'s clocks, every one');
  });

  it('reads a file saved with a byte order mark (as Windows Notepad saves it)', async () => {
    const circuit = await loadCircuit(await circuitFile('\uFEFF{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}}}'));
    assert.deepEqual(circuit.nodes.iopin, { host: '127.0.0.1', port: 8765 });
  });

  it('says so when the file does not exist', async () => {
    await assert.rejects(loadCircuit('/nonexistent/circuit.json'), /circuit file \/nonexistent\/circuit.json does not exist/);
  });

  it('names the nodes it has when asked for one it does not', () => {
    assert.throws(() => nodeAddressOf(defaultCircuit, 'blink'), /unknown node "blink": the circuit has "iopin", "buzzer"/);
  });

  it('parses values already in memory', () => {
    assert.throws(() => parseCircuit({ nodes: { '1bad': { host: 'x', port: 1 } } }, 'built-in'), /bad circuit file built-in/);
  });
});
