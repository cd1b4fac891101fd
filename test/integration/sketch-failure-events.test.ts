/**
 * With --json, a sketch that fails outside loop() (its setup() throws, or the work it left running
 * does) is the error of its node, as a loop() that throws is: the `error` event that ends the
 * command names the node and where in the sketch's file (`at`), so a program reading the events
 * knows which node died and why. The human line stays what it was (`your sketch … failed in setup()
 * at line 6, column …`), on stderr and as the event's text.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, runCli, type CliResult } from '../support/cli.js';

/** The error event that ended the command (scope `command`: a clock's own errors have theirs). */
function endingError(result: CliResult): Record<string, unknown> {
  const errors = result.stdout
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((event) => event.event === 'error' && event.scope === 'command');
  assert.equal(errors.length, 1, result.stdout);
  return errors[0]!;
}

describe('pinmesh run --json: a sketch that fails outside loop()', () => {
  it('in setup(): the error is its node\'s, with where in its file', async () => {
    const result = await runCli(['run', 'test/fixtures/setup-throws.ts', '--board', 'mock', '--port', String(await freePort()), '--json']);
    assert.equal(result.code, 1, result.stderr);
    const error = endingError(result);
    assert.equal(error.node, 'setup-throws');
    assert.equal(error.scope, 'command');
    assert.match(String(error.at), /^test\/fixtures\/setup-throws\.ts:6:\d+$/);
    assert.match(String(error.text), /^your sketch test\/fixtures\/setup-throws\.ts failed in setup\(\) at line 6, column \d+: Cannot read properties of undefined/);
    assert.match(result.stderr, /^pinmesh: your sketch test\/fixtures\/setup-throws\.ts failed in setup\(\) at line 6, column \d+: /);
  });

  it('later, in the work setup() left running (a timer): its node\'s too', async () => {
    const result = await runCli(['run', 'test/fixtures/crash-after-setup.ts', '--board', 'mock', '--port', String(await freePort()), '--json']);
    assert.equal(result.code, 1, result.stderr);
    const error = endingError(result);
    assert.equal(error.node, 'crash-after-setup');
    assert.match(String(error.at), /^test\/fixtures\/crash-after-setup\.ts:9:\d+$/);
    assert.match(String(error.text), /^your sketch test\/fixtures\/crash-after-setup\.ts failed while running at line 9, column \d+: sketch bug thrown outside loop\(\)$/);
  });
});

describe('pinmesh circuit --json: of two sketches, the one that fails is named', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pinmesh-failure-events-'));
    await writeFile(join(folder, 'package.json'), '{ "type": "module" }\n');
    const lamp = "import { Sketch } from 'pinmesh';\nexport default class Lamp extends Sketch {\n  loop() {\n    return 'lit';\n  }\n}\n";
    const broken = "import { Sketch } from 'pinmesh';\nexport default class Broken extends Sketch {\n  setup() {\n    throw new Error('no LED on pin 99');\n  }\n  loop() {\n    return 'never';\n  }\n}\n";
    const later = "import { Sketch } from 'pinmesh';\nexport default class Later extends Sketch {\n  setup() {\n    setTimeout(() => this.fail(), 20);\n  }\n  fail() {\n    throw new Error('the sensor went away');\n  }\n  loop() {\n    return 'never';\n  }\n}\n";
    await writeFile(join(folder, 'lamp.mjs'), lamp);
    await writeFile(join(folder, 'broken.mjs'), broken);
    await writeFile(join(folder, 'later.mjs'), later);
  });
  after(() => rm(folder, { recursive: true, force: true }));

  /** Runs a circuit of `lamp` (a clock ticking it) and a second node running `sketch`, in the circuit's folder, until it fails. */
  async function circuitWith(sketch: string): Promise<CliResult> {
    const nodes = {
      lamp: { host: '127.0.0.1', port: await freePort(), sketch: './lamp.mjs' },
      desk: { host: '127.0.0.1', port: await freePort(), sketch },
      clock: { sketch: 'clock', options: { target: 'lamp', channel: '/desk' } },
    };
    await writeFile(join(folder, 'c.json'), JSON.stringify({ nodes }));
    return runCli(['circuit', '--circuit', 'c.json', '--board', 'mock', '--json', '--ticks', '0'], { cwd: folder });
  }

  it('one that throws in setup()', async () => {
    const result = await circuitWith('./broken.mjs');
    assert.equal(result.code, 1, result.stderr);
    const error = endingError(result);
    assert.equal(error.node, 'desk');
    assert.equal(error.at, 'broken.mjs:4:11');
    assert.equal(error.text, 'your sketch broken.mjs failed in setup() at line 4, column 11: no LED on pin 99');
  });

  it('one whose timer throws after both are serving', async () => {
    const result = await circuitWith('./later.mjs');
    assert.equal(result.code, 1, result.stderr);
    const error = endingError(result);
    assert.equal(error.node, 'desk');
    assert.equal(error.at, 'later.mjs:7:11');
    assert.equal(error.text, 'your sketch later.mjs failed while running at line 7, column 11: the sensor went away');
  });
});
