import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { defaultCircuit, loadCircuit, parseCircuit } from '../../src/mesh/circuit.js';
import { fileSketch, planCircuit, planNode } from '../../src/sketches/node-plan.js';
import { Sketch } from '../../src/runtime/sketch.js';
import { z } from 'zod';
import { builtInSketches } from '../../src/sketches/registry.js';

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pinmesh-circuit-data-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function oneLineUserError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  };
}

describe('the circuit is data: one file says what runs where', () => {
  it('the built-in circuit is the article: the clock ticks the iopin, which streams to the buzzer', async () => {
    const plans = await planCircuit(defaultCircuit);
    assert.deepEqual(
      plans.map((plan) => ({ name: plan.name, role: plan.entry.role, peers: plan.peers })),
      [
        { name: 'buzzer', role: 'server', peers: [] },
        { name: 'iopin', role: 'server', peers: ['buzzer'] },
        { name: 'clock', role: 'clock', peers: ['iopin'] },
      ],
      'each node starts after the peers it talks to',
    );
  });

  it("a node's options are checked against its sketch's schema, with the schema's defaults filled in", async () => {
    const circuit = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 9000, options: { sequence: 5 } }, buzzer: { host: '127.0.0.1', port: 9001 } } }, 'test');
    const iopin = await planNode(circuit, 'iopin');
    assert.equal(iopin.entry, builtInSketches.iopin, 'a node named after a built-in sketch runs it');
    assert.deepEqual(iopin.options, { chance: 0.5, sequence: 5, pin: 13, hold: 200, peer: 'buzzer' });
  });

  it('a bad option in the file names the file and the field', async () => {
    const dir = await folderWith({ 'c.json': JSON.stringify({ nodes: { iopin: { host: '127.0.0.1', port: 9000, options: { chance: 2 } } } }) });
    const circuit = await loadCircuit(join(dir, 'c.json'));
    await assert.rejects(planNode(circuit, 'iopin', { file: join(dir, 'c.json') }), oneLineUserError(/bad circuit file .*c\.json: at nodes\.iopin\.options\.chance:/));
  });

  it('a misspelt option is refused with the option it was likely meant to be, as a misspelt key of a node is', async () => {
    const circuit = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 9000, options: { hodl: 0 } }, buzzer: { host: '127.0.0.1', port: 9001, options: { sond: 'beep' } } } }, 'c.json');
    await assert.rejects(planNode(circuit, 'iopin', { file: 'c.json' }), oneLineUserError(/^bad circuit file c\.json: at nodes\.iopin\.options: unknown key "hodl": did you mean "hold"\?$/));
    await assert.rejects(planNode(circuit, 'buzzer', { file: 'c.json' }), oneLineUserError(/^bad circuit file c\.json: at nodes\.buzzer\.options: unknown key "sond": did you mean "sound"\?$/));
    const unlike = parseCircuit({ nodes: { buzzer: { host: '127.0.0.1', port: 9001, options: { password: 'x' } } } }, 'c.json');
    await assert.rejects(planNode(unlike, 'buzzer', { file: 'c.json' }), oneLineUserError(/^bad circuit file c\.json: at nodes\.buzzer\.options: Unrecognized key: "password"$/));
  });

  it('options given on the command line win over the file, and their mistakes are named as options', async () => {
    const circuit = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 9000, options: { sequence: 5 } }, buzzer: { host: '127.0.0.1', port: 9001 } } }, 'test');
    assert.equal((await planNode(circuit, 'iopin', { overrides: { sequence: 2 } })).options.sequence, 2);
    await assert.rejects(planNode(circuit, 'iopin', { overrides: { sequence: 0 } }), oneLineUserError(/^bad option for iopin: sequence:/));
    await assert.rejects(planNode(circuit, 'iopin', { overrides: { hodl: 0 } }), oneLineUserError(/^bad option for iopin: unknown key "hodl": did you mean "hold"\?$/));
  });

  it("an option the sketch's schema would drop without a word (a z.object that is not strict) is refused as a misspelt one is; one its schema keeps is the sketch's", async () => {
    class Greeter extends Sketch {
      static options = z.object({ greeting: z.string().default('hello') });
      loop() {
        return 'hi';
      }
    }
    class Open extends Sketch {
      static options = z.looseObject({ greeting: z.string().default('hello') });
      loop() {
        return 'hi';
      }
    }
    const circuit = parseCircuit({ nodes: { desk: { host: '127.0.0.1', port: 9100 } } }, 'test');
    const desk = (sketch: typeof Greeter, overrides: Record<string, unknown>) => planNode(circuit, 'desk', { sketch: fileSketch(sketch, 'greeter.mjs'), overrides });
    await assert.rejects(desk(Greeter, { greting: 'hi' }), oneLineUserError(/^bad option for desk: unknown key "greting": did you mean "greeting"\?$/));
    await assert.rejects(desk(Greeter, { colour: 'red' }), oneLineUserError(/^bad option for desk: Unrecognized key: "colour"$/));
    assert.deepEqual((await desk(Greeter, { greeting: 'hi' })).options, { greeting: 'hi' });
    assert.deepEqual((await desk(Open, { colour: 'red' })).options, { greeting: 'hello', colour: 'red' });
  });

  it("a node can run the person's own sketch file, found relative to the circuit file, with its own option schema", async () => {
    const sketch = `
      import { z } from '${pathToFileURL(join(process.cwd(), 'node_modules/zod/index.js')).href}';
      import { Sketch } from '${pathToFileURL(join(process.cwd(), 'src/index.ts')).href}';
      export default class Greeter extends Sketch {
        static options = z.object({ greeting: z.string().default('hello') }).strict();
        loop(_channel, message) { return message; }
      }`;
    const dir = await folderWith({ 'greeter.ts': sketch, 'c.json': JSON.stringify({ nodes: { desk: { host: '127.0.0.1', port: 9100, sketch: './greeter.ts', options: { greeting: 'hi' } } } }) });
    const plan = await planNode(await loadCircuit(join(dir, 'c.json')), 'desk', { file: join(dir, 'c.json') });
    assert.equal(plan.entry.role, 'server');
    assert.deepEqual(plan.options, { greeting: 'hi' });
    assert.deepEqual(plan.address, { host: '127.0.0.1', port: 9100 });
  });

  it('a clock needs no address; a node that serves does', async () => {
    const circuit = parseCircuit({ nodes: { tick: { sketch: 'clock', options: { target: 'buzzer' } }, buzzer: { sketch: 'buzzer' } } }, 'test');
    assert.equal((await planNode(circuit, 'tick')).address, undefined);
    assert.deepEqual((await planNode(circuit, 'tick')).peers, ['buzzer']);
    await assert.rejects(planNode(circuit, 'buzzer', { file: 'test' }), oneLineUserError(/at nodes\.buzzer: the buzzer sketch serves, so the node needs a host and a port/));
  });

  it('an unknown sketch, or a node with none, says what to write', async () => {
    const circuit = parseCircuit({ nodes: { a: { host: '127.0.0.1', port: 1, sketch: 'blinky' }, b: { host: '127.0.0.1', port: 2 } } }, 'test');
    await assert.rejects(planNode(circuit, 'a'), oneLineUserError(/"blinky", which is neither a built-in sketch \(iopin, buzzer, clock\) nor a \.ts, \.mts, \.cts, \.js, \.mjs or \.cjs file/));
    await assert.rejects(planNode(circuit, 'b'), oneLineUserError(/node "b" has no sketch: add "sketch"/));
  });

  it('a misspelt sketch, or a sketch file that is not there, names the circuit file and the node', async () => {
    const circuit = parseCircuit({ nodes: { buzzer: { host: '127.0.0.1', port: 1, sketch: 'buzzr' } } }, 'c.json');
    await assert.rejects(planNode(circuit, 'buzzer', { file: 'c.json' }), oneLineUserError(/^c\.json: nodes\.buzzer\.sketch: node "buzzer" runs sketch "buzzr", which is neither .*: did you mean "buzzer"\?$/));
    const dir = await folderWith({});
    const missing = parseCircuit({ nodes: { buzzer: { host: '127.0.0.1', port: 1, sketch: './nosuch.ts' } } }, 'c.json');
    const file = join(dir, 'c.json');
    await assert.rejects(planNode(missing, 'buzzer', { file }), oneLineUserError(new RegExp(`^${file}: nodes\\.buzzer\\.sketch: sketch file .*nosuch\\.ts does not exist$`)));
  });

  it('a host without a port (or a port without a host) is refused where it is', () => {
    assert.throws(() => parseCircuit({ nodes: { a: { host: '127.0.0.1' } } }, 'test'), oneLineUserError(/at nodes\.a\.port: a node with a host needs a port too/));
  });

  it('a pin used by two nodes on one board is refused before any board opens, naming both', async () => {
    const circuit = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 1, options: { pin: 3 } }, buzzer: { host: '127.0.0.1', port: 2 } } }, 'test');
    await assert.rejects(planCircuit(circuit, { file: 'c.json' }), oneLineUserError(/pin 3 is used twice on one board \(circuit c\.json\): by iopin \(its pin, as digital-out\) and by buzzer \(its pin, as pwm\)/));
    const apart = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 1, options: { pin: 3 }, board: 'sim' }, buzzer: { host: '127.0.0.1', port: 2, board: 'mock' } } }, 'test');
    assert.equal((await planCircuit(apart)).length, 2, 'on two boards, pin 3 is two pins');
  });

  it('two nodes on one port of one host are refused before anything listens, naming both and the file', async () => {
    const clash = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 8765 }, buzzer: { host: '127.0.0.1', port: 8765 }, clock: {} } }, 'c-clash.json');
    await assert.rejects(planCircuit(clash, { file: 'c-clash.json' }), oneLineUserError(/^c-clash\.json: iopin and buzzer both listen on 127\.0\.0\.1:8765: give each node its own port$/));
    const everyAddress = parseCircuit({ nodes: { iopin: { host: '0.0.0.0', port: 8765 }, buzzer: { host: '127.0.0.1', port: 8765 } } }, 'c.json');
    await assert.rejects(planCircuit(everyAddress, { file: 'c.json' }), oneLineUserError(/^c\.json: iopin listens on 0\.0\.0\.0:8765 and buzzer on 127\.0\.0\.1:8765 \(0\.0\.0\.0 is every address of this machine\): give each node its own port$/));
    const ipv6 = parseCircuit({ nodes: { iopin: { host: '::1', port: 8765 }, buzzer: { host: '::', port: 8765 } } }, 'c.json');
    await assert.rejects(planCircuit(ipv6, { file: 'c.json' }), oneLineUserError(/iopin listens on \[::1\]:8765 and buzzer on \[::\]:8765 \(:: is every address/));
    const apart = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 8765 }, buzzer: { host: '127.0.0.2', port: 8765 } } }, 'c.json');
    assert.equal((await planCircuit(apart)).length, 2, 'one port on two hosts is two ports');
    const osPicks = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 1 }, buzzer: { host: '127.0.0.1', port: 2 } } }, 'c.json');
    for (const spec of Object.values(osPicks.nodes)) spec.port = 0;
    assert.equal((await planCircuit(osPicks)).length, 2, 'port 0 is the OS\'s pick, a different one each');
  });

  it('a board no board could be, of the circuit or of a node, is refused before any board opens, naming the file and the place', async () => {
    const top = parseCircuit({ board: 'unoo', nodes: { iopin: { host: '127.0.0.1', port: 1 }, buzzer: { host: '127.0.0.1', port: 2 } } }, 'c.json');
    await assert.rejects(planCircuit(top, { file: 'c.json' }), oneLineUserError(/^bad circuit file c\.json: at board: unknown board "unoo" \(did you mean uno\?\): choose one of mock, sim, /));
    const ofNode = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 1 }, buzzer: { host: '127.0.0.1', port: 2, board: { kind: 'megaa', serialPort: '/dev/ttyACM0' } } } }, 'c.json');
    await assert.rejects(planCircuit(ofNode, { file: 'c.json' }), oneLineUserError(/^bad circuit file c\.json: at nodes\.buzzer\.board\.kind: unknown board "megaa" \(did you mean mega\?\)/));
    const noPort = parseCircuit({ nodes: { iopin: { host: '127.0.0.1', port: 1, board: 'tcp://192.168.1.50' }, buzzer: { host: '127.0.0.1', port: 2 } } }, 'c.json');
    await assert.rejects(planNode(noPort, 'iopin', { file: 'c.json' }), oneLineUserError(/^bad circuit file c\.json: at nodes\.iopin\.board: bad board address "tcp:\/\/192\.168\.1\.50": give the board's tcp:\/\/HOST:PORT/));
    const boards = parseCircuit({ board: 'tcp://127.0.0.1:3030', nodes: { iopin: { host: '127.0.0.1', port: 1, board: 'ws://127.0.0.1:8764' }, buzzer: { host: '127.0.0.1', port: 2, board: 'Uno' } } }, 'c.json');
    assert.equal((await planCircuit(boards, { file: 'c.json' })).length, 2, "a Firmata board on the network, a board node and a name in any case are boards");
  });

  it('the board is data too: per node, or for the whole circuit', async () => {
    const circuit = parseCircuit({ board: 'sim', nodes: { iopin: { host: '127.0.0.1', port: 1 }, buzzer: { host: '127.0.0.1', port: 2, board: { kind: 'uno', serialPort: '/dev/ttyACM0' } } } }, 'test');
    assert.equal((await planNode(circuit, 'iopin')).board, 'sim');
    assert.deepEqual((await planNode(circuit, 'buzzer')).board, { kind: 'uno', serialPort: '/dev/ttyACM0' });
  });
});
