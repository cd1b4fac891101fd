/**
 * How `pinmesh` takes a serial port, as a newcomer gives it: an empty --serial-port (a script's unset
 * variable), the port given as --port or -p (arduino-cli's habit) or as `pinmesh sim`'s argument, and
 * a --serial-port that is not there. Each is one line of advice, never "a bug in pinmesh", and flash
 * announces no flash it cannot start.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freeCircuitFile, freePort, hasNoStackTrace, runCli } from '../support/cli.js';
import { pseudoRandomBytes as bytes, toIntelHex } from '../support/intel-hex-text.js';

const EMPTY = "pinmesh: --serial-port is empty: give the board's serial port (pinmesh ports lists them)\n";

describe('a serial port given the wrong way', () => {
  let dir: string;
  let hex: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-serial-flags-'));
    hex = join(dir, 'small.hex');
    await writeFile(hex, toIntelHex([[0, bytes(64)]]));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("an empty --serial-port is one line, the same for every command that takes one, and flash announces nothing", async () => {
    // Each on its own ports (tests never use 8764–8766), should one ever get as far as listening.
    const commands = [
      ['probe'],
      ['flash', '--hex', hex],
      ['circuit', '--board', 'uno', '--circuit', (await freeCircuitFile()).path],
      ['board', '--board', 'uno', '--port', String(await freePort())],
      ['iopin', '--board', 'uno', '--port', String(await freePort())],
      ['button', '--board', 'uno', '--circuit', (await freeCircuitFile()).path],
    ];
    for (const args of commands) {
      const result = await runCli([...args, '--serial-port', '']);
      assert.equal(result.code, 1, args.join(' '));
      assert.equal(result.stderr, EMPTY, args.join(' '));
      assert.equal(result.stdout, '', `${args.join(' ')}: nothing announced`);
    }
  });

  it('--serial-port with a --board that has no serial port (the simulators, the mock, a board node) is refused, not left unused', async () => {
    const board = (kind: string) =>
      `pinmesh circuit: --serial-port is for a board on a serial port (--board uno, nano or mega); --board ${kind} has none: leave --serial-port out, or pass --board uno\n`;
    for (const kind of ['sim', 'sim-mega', 'mock', 'ws://127.0.0.1:9']) {
      const result = await runCli(['circuit', '--board', kind, '--serial-port', '/dev/ttyACM0', '--circuit', (await freeCircuitFile()).path]);
      assert.equal(result.code, 1, kind);
      assert.equal(result.stderr, board(kind), kind);
      assert.equal(result.stdout, '', `${kind}: nothing started`);
    }
    const probe = await runCli(['probe', '--board', 'sim', '--serial-port', '/dev/ttyACM0']);
    assert.match(probe.stderr, /^pinmesh probe: --serial-port is for a board on a serial port/);
  });

  it("--serial-port without --board, where the command's default board has none, is refused; a circuit file's Uno takes it", { timeout: 60_000 }, async () => {
    // Each on its own ports, should one ever get as far as listening (it then runs until the timeout).
    const commands = [
      ['iopin', 'mock', '--port', String(await freePort())],
      ['board', 'sim', '--port', String(await freePort())],
      ['circuit', 'sim', '--base-port', String(await freePort())],
    ] as const;
    for (const [command, kind, ...ports] of commands) {
      const result = await runCli([command, '--serial-port', '/dev/ttyACM0', ...ports]);
      assert.equal(result.code, 1, command);
      assert.equal(
        result.stderr,
        `pinmesh ${command}: --serial-port is for a board on a serial port (--board uno, nano or mega); --board ${kind}, pinmesh ${command}'s default, has none: leave --serial-port out, or pass --board uno\n`,
        command,
      );
      assert.equal(result.stdout, '', `${command}: nothing started`);
    }
    // Without --board, the circuit file's board is the one driven: its Uno takes the port (here one that is not there).
    const circuit = await freeCircuitFile();
    await writeFile(circuit.path, JSON.stringify({ ...JSON.parse(await readFile(circuit.path, 'utf8')), board: 'uno' }));
    const gone = join(dir, 'ttyACM9');
    const result = await runCli(['iopin', '--serial-port', gone, '--circuit', circuit.path]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`^pinmesh: Serial port ${gone.replace(/[.\\/]/g, '\\$&')} does not exist\\.`));

    // A circuit file whose nodes' boards have none (no board: the command's default, the simulator; or the mock): refused.
    const simCircuit = await freeCircuitFile();
    const mockCircuit = await freeCircuitFile();
    const nodes = JSON.parse(await readFile(mockCircuit.path, 'utf8')).nodes;
    await writeFile(mockCircuit.path, JSON.stringify({ nodes: { iopin: { ...nodes.iopin, board: 'mock' }, buzzer: { ...nodes.buzzer, board: 'mock' } } }));
    for (const [file, which] of [[simCircuit.path, 'buzzer and iopin on sim'], [mockCircuit.path, 'buzzer and iopin on mock']]) {
      const unused = await runCli(['circuit', '--serial-port', '/dev/ttyACM0', '--circuit', file!]);
      assert.equal(unused.code, 1, which);
      assert.equal(
        unused.stderr,
        `pinmesh: --serial-port /dev/ttyACM0 is for a board on a serial port (uno, nano or mega), and no node of this run drives one (${which}): leave it out, or pass --board uno as well to drive every node's board on that port\n`,
      );
      assert.equal(unused.stdout, '', `${which}: nothing started`);
    }
  });

  it('a serial port given as --port or -p: where it goes', async () => {
    for (const args of [['flash', '--port', '/dev/ttyACM0'], ['flash', '-p', '/dev/ttyACM0'], ['probe', '--port', '/dev/ttyACM0'], ['circuit', '--board', 'uno', '--port', '/dev/ttyACM0']]) {
      const result = await runCli(args);
      assert.equal(result.code, 1, args.join(' '));
      assert.equal(result.stderr, `pinmesh ${args[0]}: unknown option '${args.at(-2)}': a serial port goes in --serial-port PATH\n`, args.join(' '));
    }
    // A node's own --port (the TCP port it listens on) given a path.
    for (const args of [['iopin', '--board', 'uno', '--port', '/tmp/x/uno'], ['board', '--board', 'uno', '-p', 'COM3']]) {
      const result = await runCli(args);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, /is invalid\. expected a TCP port, a whole number from 0 to 65535: a serial port goes in --serial-port PATH \(--port is the node's TCP port\)\./, args.join(' '));
      assert.ok(hasNoStackTrace(result.stderr), result.stderr);
    }
  });

  it("pinmesh sim --serial PATH: the path goes in --link", async () => {
    const result = await runCli(['sim', '--serial', '/tmp/x/uno']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^pinmesh sim: too many arguments\. Expected 0 arguments but got 1\. The serial port's path goes in --link PATH: pinmesh sim --serial --link \/tmp\/x\/uno\n$/);
    // Any other argument: commander's word alone.
    assert.doesNotMatch((await runCli(['sim', '--serial', 'fast'])).stderr, /--link/);
  });

  it('flash checks the port is there before it says "Flashing … to PORT"', async () => {
    const gone = join(dir, 'ttyACM0');
    const result = await runCli(['flash', '--serial-port', gone, '--hex', hex]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '', 'no "Flashing … to" line');
    assert.match(result.stderr, new RegExp(`^pinmesh: Serial port ${gone.replace(/[.\\/]/g, '\\$&')} does not exist\\. `));
  });
});
