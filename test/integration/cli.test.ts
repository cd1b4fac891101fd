import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ArticleClient } from '../support/ws-client.js';
import { freeCircuitFile, freePort, hasNoStackTrace, runCli, startCli } from '../support/cli.js';

const quick = ['--delay', '0', '--hold', '0'];

describe('pinmesh circuit', () => {
  it('--json prints only JSON lines: node, event and time on each, every tick acknowledged', async () => {
    const circuit = await freeCircuitFile();
    const result = await runCli(['circuit', '--board', 'mock', '--json', '--ticks', '3', ...quick, '--circuit', circuit.path]);
    assert.equal(result.code, 0, result.stderr);
    const events = result.stdout.split('\n').map((line) => JSON.parse(line));
    for (const event of events) {
      assert.equal(typeof event.node, 'string');
      assert.equal(typeof event.event, 'string');
      assert.ok(!Number.isNaN(Date.parse(event.time)));
    }
    assert.deepEqual(events.filter((e) => e.node === 'clock' && e.event === 'ack').map((e) => e.reply), ['acknowledged', 'acknowledged', 'acknowledged']);
    const bits = events.filter((e) => e.event === 'tick' && e.node === 'iopin').flatMap((e) => e.bits);
    const done = events.findIndex((e) => e.event === 'done');
    const pins = events.slice(0, done).filter((e) => e.event === 'pin');
    const changes = bits.filter((bit: number, index: number) => bit !== (index === 0 ? 0 : bits[index - 1]));
    assert.deepEqual(pins.map((e) => e.value), changes, 'one pin event per change of the bits, in order (a bit like the one before changes nothing)');
  });

  it('on the simulated Uno: firmware identity, MCU-observed pin events for each change, outputs LOW at the end', async () => {
    const circuit = await freeCircuitFile();
    const result = await runCli(['circuit', '--board', 'sim', '--json', '--ticks', '3', '--chance', '0', ...quick, '--circuit', circuit.path]);
    assert.equal(result.code, 0, result.stderr);
    const events = result.stdout.split('\n').map((line) => JSON.parse(line));
    const board = events.find((e) => e.event === 'board');
    assert.equal(board.firmware, 'StandardFirmata.ino');
    assert.match(board.version, /^2\.\d+$/);
    const done = events.findIndex((e) => e.event === 'done');
    const pins = events.slice(0, done).filter((e) => e.event === 'pin');
    assert.deepEqual(pins.map((e) => [e.pin, e.value, e.source]), [[13, 1, 'mcu']], 'three ticks of three bits of 1: one change');
    const tone = events.find((e) => e.event === 'buzz' && e.on === true);
    assert.ok(tone.frequency > 480 && tone.frequency < 500, `piezo at ${tone.frequency} Hz`);
    // The end of the circuit is a way out too: LED driven LOW, piezo silenced, seen on the MCU.
    const after = events.slice(done);
    assert.ok(after.some((e) => e.event === 'pin' && e.pin === 13 && e.value === 0 && e.source === 'mcu'));
    assert.ok(after.some((e) => e.event === 'buzz' && e.on === false && e.source === 'mcu'));
  });
});

describe('fail-safe: every way out leaves the LED LOW and the piezo silent on the MCU', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`on ${signal}`, async () => {
      const circuit = await freeCircuitFile();
      const cli = startCli(['circuit', '--board', 'sim', '--json', '--ticks', '0', '--delay', '0.05', '--hold', '0', '--chance', '0', '--circuit', circuit.path]);
      await cli.waitForEvent((e) => e.node === 'clock' && e.event === 'ack');
      cli.child.kill(signal);
      const result = await cli.exited;
      assert.equal(result.code, code, result.stderr);
      const events = cli.events();
      const stopping = events.findIndex((e) => e.event === 'stopping');
      assert.ok(stopping >= 0);
      assert.equal(events[stopping]!.outputs, true, 'it says it drives the outputs LOW');
      const after = events.slice(stopping);
      assert.ok(after.some((e) => e.event === 'pin' && e.pin === 13 && e.value === 0 && e.source === 'mcu'), 'LED LOW on the MCU');
      assert.ok(after.some((e) => e.event === 'buzz' && e.on === false && e.source === 'mcu'), 'piezo silent on the MCU');
      assert.equal(after.at(-1)?.event, 'closed');
    });
  }

  it('on SIGINT during a tick longer than the 3 s grace: exit 130, and the closing lines are all printed', async () => {
    const circuit = await freeCircuitFile();
    // Three bits held 2 s each: the tick in flight outlasts the grace period, which then cuts it short
    // as the clock gives up on it: two ways out at once, of which the first must end the process.
    const cli = startCli(['circuit', '--board', 'sim', '--json', '--ticks', '0', '--delay', '0', '--hold', '2000', '--chance', '0', '--circuit', circuit.path]);
    await cli.waitForEvent((e) => e.node === 'iopin' && e.event === 'tick');
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    assert.equal(result.code, 130, result.stderr);
    const events = cli.events();
    const after = events.slice(events.findIndex((e) => e.event === 'stopping'));
    assert.ok(after.some((e) => e.event === 'pin' && e.pin === 13 && e.value === 0 && e.source === 'mcu'), 'LED LOW on the MCU, and said so');
    assert.equal(after.at(-1)?.event, 'closed');
  });

  it('on an uncaught error in a sketch', async () => {
    const port = await freePort();
    const result = await runCli(['run', 'test/fixtures/crash-after-setup.ts', '--board', 'sim', '--port', String(port), '--json']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /sketch bug thrown outside loop\(\)/);
    const events = result.stdout.split('\n').map((line) => JSON.parse(line));
    const crash = events.findIndex((e) => e.event === 'error');
    assert.ok(events.slice(0, crash).some((e) => e.event === 'pin' && e.value === 1), 'the LED was lit');
    const after = events.slice(crash);
    assert.ok(after.some((e) => e.event === 'pin' && e.pin === 13 && e.value === 0 && e.source === 'mcu'));
    assert.ok(after.some((e) => e.event === 'tone' || e.event === 'closed'));
  });
});

describe('three terminals, as in the article', () => {
  it('pinmesh buzzer, pinmesh iopin and pinmesh clock talk to each other', async () => {
    const circuit = await freeCircuitFile();
    const buzzer = startCli(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
    const iopin = startCli(['iopin', '--board', 'mock', '--json', '--hold', '0', '--circuit', circuit.path]);
    try {
      // Both, as a person waits for both terminals: an iopin whose buzzer is not up yet answers
      // "error: buzzer not reachable (still trying)" (a loaded machine can start the buzzer last).
      await Promise.all([buzzer.waitForEvent((e) => e.event === 'listening'), iopin.waitForEvent((e) => e.event === 'listening')]);
      const clock = await runCli(['clock', '--ticks', '5', '--delay', '0', '--circuit', circuit.path]);
      assert.equal(clock.code, 0, `${clock.stdout}\n${clock.stderr}`);
      assert.equal(clock.stdout.split('\n').filter((line) => line === '[ clock ] < acknowledged').length, 5);
      assert.equal(clock.stdout.trim().split('\n').at(-1), '[ clock ] 5 of 5 ticks acknowledged', 'the closing summary, as pinmesh circuit has it');
    } finally {
      // Also when an assertion failed: two nodes left running would hold this file's process for ever.
      buzzer.child.kill('SIGINT');
      iopin.child.kill('SIGINT');
      await Promise.all([buzzer.exited, iopin.exited]);
    }
    assert.equal(buzzer.events().filter((e) => e.event === 'signal').length, 15);
  });
});

describe('a clock none of whose ticks is acknowledged', () => {
  it('says why it exits 1: what its target answered', async () => {
    const circuit = await freeCircuitFile();
    // The iopin alone: every tick is answered "error: buzzer not reachable …".
    const iopin = startCli(['iopin', '--board', 'mock', '--json', '--hold', '0', '--circuit', circuit.path]);
    try {
      await iopin.waitForEvent((e) => e.event === 'listening');
      const clock = await runCli(['clock', '--ticks', '3', '--delay', '0', '--circuit', circuit.path]);
      assert.equal(clock.code, 1, clock.stderr);
      assert.equal(clock.stdout.trim().split('\n').at(-1), '[ clock ] 0 of 3 ticks acknowledged');
      assert.match(clock.stderr, /^pinmesh: none of the 3 ticks was acknowledged: iopin answered "error: buzzer not reachable[^"]*"\n$/);
      assert.ok(hasNoStackTrace(clock.stderr));
    } finally {
      iopin.child.kill('SIGINT');
      await iopin.exited;
    }
  });
});

describe('your own sketch', () => {
  it("the README's example runs as written", async () => {
    const port = await freePort();
    const cli = startCli(['run', 'examples/blink.ts', '--port', String(port), '--json']);
    await cli.waitForEvent((e) => e.event === 'listening');
    const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/desk`);
    assert.equal(await client.request('on'), 'led on (asked on /desk)');
    assert.equal(await client.request('off'), 'led off (asked on /desk)');
    await client.close();
    cli.child.kill('SIGINT');
    await cli.exited;
  });

  it('a file that is not a sketch is one line of advice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-sketch-'));
    await writeFile(join(dir, 'nothing.js'), 'export const x = 1;\n');
    const result = await runCli(['run', join(dir, 'nothing.js'), '--port', String(await freePort())]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /nothing\.js has no default export: export its class from 'pinmesh' as export default class/);
    assert.ok(hasNoStackTrace(result.stderr));
  });

  const theirMistake = (stderr: string) => hasNoStackTrace(stderr) && !/bug in pinmesh/.test(stderr);

  it('a mistake in setup() is named as theirs, with their file and line', async () => {
    const result = await runCli(['run', 'test/fixtures/setup-throws.ts', '--port', String(await freePort())]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^pinmesh: your sketch test\/fixtures\/setup-throws\.ts failed in setup\(\) at line 6, column \d+: Cannot read properties of undefined/);
    assert.ok(theirMistake(result.stderr), result.stderr);
  });

  it('an error thrown later from their code (a timer) is named as theirs too, after the outputs are made safe', async () => {
    const result = await runCli(['run', 'test/fixtures/crash-after-setup.ts', '--board', 'mock', '--port', String(await freePort())]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^pinmesh: your sketch test\/fixtures\/crash-after-setup\.ts failed while running at line 9, column \d+: sketch bug thrown outside loop\(\)/);
    assert.ok(theirMistake(result.stderr), result.stderr);
    assert.match(result.stdout, /outputs driven LOW, piezo silent, board released/);
  });

  it("an error from work their sketch left unawaited, raised in Node with no line of theirs (a timer's failed fetch), is not called a bug in pinmesh: it names the sketch and what to do", async () => {
    const result = await runCli(['run', 'test/fixtures/fetch-fails-later.mjs', '--board', 'mock', '--port', String(await freePort())]);
    assert.equal(result.code, 1);
    // Node 20's error keeps the sketch's frame (blamed at its line); Node 24's has none.
    assert.match(
      result.stderr,
      /^pinmesh: (your sketch test\/fixtures\/fetch-fails-later\.mjs failed while running at line 9, column \d+: fetch failed \(bad port\)|unexpected error: fetch failed \(bad port\)\npinmesh: no line of pinmesh's raised it, and your sketch test\/fixtures\/fetch-fails-later\.mjs was running: if the sketch started it \(a timer, a promise nothing awaits\), catch it there; if not, run again with PINMESH_DEBUG=1 for details and report it)$/m,
    );
    assert.ok(theirMistake(result.stderr), result.stderr);
  });

  it('Ctrl-C under a sketch still writing from its own background loop: the stop, not the write it cut off', async () => {
    // Its next write meets the closed board (the mock's "closed", the simulated Uno's "lost power").
    for (const board of ['mock', 'sim']) {
      const cli = startCli(['run', 'test/fixtures/background-writer.mjs', '--board', board, '--port', String(await freePort()), '--json']);
      await cli.waitForEvent((e) => e.event === 'listening');
      await cli.waitForEvent((e) => e.event === 'pin' && e.value === 0);
      cli.child.kill('SIGINT');
      const result = await cli.exited;
      assert.equal(result.code, 130, `${board}: ${result.stderr}`);
      assert.equal(result.stderr, '', `${board}: nothing but the stop`);
      assert.ok(result.stdout.includes('"event":"closed"'), `${board}: the board was made safe`);
    }
  });

  it('a loop() that throws is answered error: …, and its log line says where in their file', async () => {
    const port = await freePort();
    const cli = startCli(['run', 'test/fixtures/loop-throws.mjs', '--board', 'mock', '--port', String(port), '--json']);
    try {
      await cli.waitForEvent((e) => e.event === 'listening');
      const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/x`);
      assert.match(await client.request('{}'), /^error: Cannot read properties of undefined \(reading 'toFixed'\)$/);
      await client.close();
      const failed = await cli.waitForEvent((e) => e.event === 'error' && e.scope === 'loop');
      assert.match(String(failed.at), /^test\/fixtures\/loop-throws\.mjs:6:\d+$/);
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });

  it('a package the sketch imports but its folder lacks: which one to install, and where', async () => {
    const result = await runCli(['run', 'test/fixtures/imports-missing.ts', '--port', String(await freePort())]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /imports "left-pad-pinmesh-never-installed", which is not installed where the sketch is: run npm install left-pad-pinmesh-never-installed in .*test\/fixtures/);
    assert.ok(theirMistake(result.stderr), result.stderr);
  });

  it('Ctrl-C while the sketch still loads stops the start there: no board opened, no setup(), nothing served', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-sketch-'));
    // Its loading ends with the Ctrl-C itself: pinmesh has heard it by the time the file is loaded.
    const slow = [
      "import { Sketch } from 'pinmesh';",
      "process.stderr.write('loading\\n');",
      "await new Promise((resolve) => { const alive = setInterval(() => {}, 1_000); process.once('SIGINT', () => resolve(clearInterval(alive))); });",
      "export default class Slow extends Sketch { setup() { process.stderr.write('setup ran\\n'); } loop() { return 'ok'; } }",
    ];
    await writeFile(join(dir, 'slow.mjs'), `${slow.join('\n')}\n`);
    const cli = startCli(['run', join(dir, 'slow.mjs'), '--board', 'sim', '--port', String(await freePort()), '--json']);
    await cli.waitForStderr(/loading/);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stderr, 'loading\n', 'no setup(), and no error: the stop is what happened');
    assert.deepEqual(
      cli.events().map((e) => e.event),
      ['stopping'],
      'no board, no listening',
    );
  });

  it('a missing file is found out before any board is opened', async () => {
    const result = await runCli(['run', 'nope.ts', '--port', String(await freePort()), '--board', 'sim', '--json']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /sketch file nope\.ts does not exist/);
    const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    assert.deepEqual(events.map((e) => e.event), ['error'], 'no board event: the simulator never started');
  });

  it('a mistyped file name is what is said, also when no port is given (the file is not in the circuit)', async () => {
    const result = await runCli(['run', 'nope.ts']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /sketch file nope\.ts does not exist/);
    assert.doesNotMatch(result.stderr, /needs a port/);
    assert.ok(theirMistake(result.stderr), result.stderr);
  });
});

describe('mistakes a person can make: one clear line, non-zero exit', () => {
  it('a real Uno: says what it is waiting for at once, then names a port that does not exist', async () => {
    const result = await runCli(['buzzer', '--board', 'uno', '--serial-port', '/dev/pinmesh-no-such-port', '--port', String(await freePort()), '--json']);
    assert.equal(result.code, 1);
    const first = JSON.parse(result.stdout.split('\n')[0]!);
    assert.equal(first.event, 'connecting');
    assert.equal(first.text, 'connecting to /dev/pinmesh-no-such-port — the Uno resets when its port opens, about 2 s…');
    assert.match(result.stderr, /Serial port \/dev\/pinmesh-no-such-port does not exist/);
    assert.ok(hasNoStackTrace(result.stderr));
    const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    assert.ok(!events.some((e) => e.event === 'closed'), 'no "outputs driven LOW … board released" for a board that never answered');
  });

  it("a clock whose target nothing answers: start it, or fix the address where it was given (the circuit file, or -p)", async () => {
    const port = await freePort(); // nothing listens there
    const circuit = await freeCircuitFile();
    const fromFile = await runCli(['clock', '--ticks', '1', '--peer-timeout', '0', '--circuit', circuit.path]);
    assert.equal(fromFile.code, 1);
    assert.match(fromFile.stderr, /^pinmesh: iopin is not reachable at .*: start it \(pinmesh iopin\) or fix iopin's address in the circuit file\n$/);
    const fromFlag = await runCli(['clock', '--ticks', '1', '--peer-timeout', '0', '-p', String(port)]);
    assert.equal(fromFlag.code, 1);
    assert.match(fromFlag.stderr, new RegExp(`^pinmesh: iopin is not reachable at ws://127\\.0\\.0\\.1:${port}/datafeed .*: start it \\(pinmesh iopin\\) or fix --port\n$`));
  });

  it('a port already in use says which and what to do', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const port = (busy.address() as { port: number }).port;
    const result = await runCli(['buzzer', '--board', 'mock', '--host', '127.0.0.1', '--port', String(port)]);
    busy.close();
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use.*--port`));
    assert.ok(hasNoStackTrace(result.stderr));
  });

  it('a bad circuit file says what is wrong and where', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-bad-'));
    const path = join(dir, 'circuit.json');
    await writeFile(path, '{"nodes": {"iopin": {"host": "127.0.0.1", "port": "eighty"}}}');
    const result = await runCli(['circuit', '--board', 'mock', '--circuit', path]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad circuit file .*circuit\.json: at nodes\.iopin\.port/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('a circuit without a buzzer names the nodes it has', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-bad-'));
    const path = join(dir, 'circuit.json');
    await writeFile(path, '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 9999}}}');
    const result = await runCli(['circuit', '--board', 'mock', '--circuit', path]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the option peer of iopin names "buzzer", which is not a node of the circuit \(nodes: iopin\b/);
  });

  for (const [flags, message] of [
    [['iopin', '--chance', '2'], /--chance.*a number from 0 to 1, got "2"/],
    [['circuit', '--board', 'arduino'], /--board.*Allowed choices are mock, sim, sim-mega, uno/],
    [['circuit', '--board', 'moc'], /--board.*Did you mean mock\? Allowed choices are/],
    [['circuit', '--board', '/dev/ttyACM0'], /\/dev\/ttyACM0 is a serial port, not a board: a serial port goes in --serial-port PATH \(--board uno --serial-port \/dev\/ttyACM0\)/],
    [['sim', '--board', 'due', '--serial'], /pinmesh sim simulates an Uno or a Mega 2560: --board uno \(the default\) or --board mega, not "due"/],
    [['flash', '--board', 'due'], /--board.*pinmesh flash knows the boards uno, nano, mega; got "due"/],
    [['clock', '--ticks', 'many'], /--ticks.*a whole number/],
    [['blink'], /^pinmesh: unknown command 'blink': run pinmesh --help for its commands$/],
    [['circut'], /^pinmesh: unknown command 'circut' \(did you mean circuit\?\): run pinmesh --help for its commands$/],
    [['circuit', '--boards', 'mock'], /^pinmesh circuit: unknown option '--boards' \(did you mean --board\?\): run pinmesh circuit --help for its options$/],
    [['circuit', '--foo'], /^pinmesh circuit: unknown option '--foo': run pinmesh circuit --help for its options$/],
    [['circuit', 'extra'], /^pinmesh circuit: too many arguments\. Expected 0 arguments but got 1: run pinmesh circuit --help for its options$/],
    [['circuit', '--board'], /^pinmesh circuit: option '--board <kind>' argument missing: run pinmesh circuit --help for its options$/],
    [['firmware', 'fetc'], /^pinmesh firmware: unknown command 'fetc' \(did you mean fetch\?\): run pinmesh firmware --help for its commands$/],
  ] as const) {
    it(`bad flags: pinmesh ${flags.join(' ')}`, async () => {
      const result = await runCli([...flags]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr.trimEnd(), message);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, `one line: ${result.stderr}`);
      assert.ok(hasNoStackTrace(result.stderr));
    });
  }

  it('--board takes a board\'s name in any case (MOCK is mock)', async () => {
    const circuit = await freeCircuitFile();
    const result = await runCli(['circuit', '--board', 'MOCK', '--ticks', '1', ...quick, '--circuit', circuit.path]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1 of 1 ticks acknowledged/);
  });

  it('a circuit file\'s board too, as --board takes it ("board": "MOCK" is mock)', async () => {
    const circuit = await freeCircuitFile();
    const file = JSON.parse(await readFile(circuit.path, 'utf8'));
    await writeFile(circuit.path, JSON.stringify({ ...file, board: 'MOCK' }));
    const result = await runCli(['circuit', '--ticks', '1', ...quick, '--circuit', circuit.path]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1 of 1 ticks acknowledged/);
  });

  it('a circuit file\'s misspelt board is refused with the likely one, naming the file and the place', async () => {
    const circuit = await freeCircuitFile();
    const file = JSON.parse(await readFile(circuit.path, 'utf8'));
    await writeFile(circuit.path, JSON.stringify({ ...file, board: 'Unoo' }));
    const result = await runCli(['circuit', '--ticks', '1', ...quick, '--circuit', circuit.path]);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.startsWith(`pinmesh: bad circuit file ${circuit.path}: at board: unknown board "Unoo" (did you mean uno?): choose one of mock, sim`), result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('probe without a board exits non-zero with advice', async () => {
    const result = await runCli(['probe']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--serial-port/);
    assert.ok(hasNoStackTrace(result.stderr));
  });
});
