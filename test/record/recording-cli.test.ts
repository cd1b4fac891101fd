/**
 * `--record`: what the board did, in a file others' tools open. A VCD of the simulated Uno holds the
 * MCU's own edges at the MCU's own times (so sigrok-cli measures the LED's timing and the piezo's
 * PWM as the firmware made them); a JSONL file keeps every event `--json` prints.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readVcd } from '../../src/record/vcd-read.js';
import { freeCircuitFile, hasNoStackTrace, runCli } from '../support/cli.js';
import { sigrok, sigrokMissing, sigrokTimings } from '../support/sigrok.js';

const folder = () => mkdtemp(join(tmpdir(), 'pinmesh-record-'));

type JsonEvent = Record<string, unknown> & { event: string };
const eventsOf = (stdout: string): JsonEvent[] => stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as JsonEvent);

test('a VCD of the simulated Uno opens in sigrok-cli with the LED edges at the MCU’s times and the piezo’s PWM as real edges', { skip: await sigrokMissing() }, async () => {
  const file = join(await folder(), 'circuit.vcd');
  const circuit = await freeCircuitFile();
  const result = await runCli(['circuit', '--board', 'sim', '--circuit', circuit.path, '--ticks', '4', '--delay', '0.3', '--seed', '3', '--json', '--record', file]);
  assert.equal(result.code, 0, result.stderr);

  const dump = readVcd(await readFile(file, 'utf8'));
  assert.equal(dump.unitsPerSecond, 1e6);
  assert.deepEqual(dump.wires.map((wire) => wire.name), [...Array.from({ length: 14 }, (_, pin) => `D${pin}`), 'A0', 'A1', 'A2', 'A3', 'A4', 'A5']);
  assert.ok(dump.wires.every((wire) => wire.scope === 'sim'));

  const shown = await sigrok(file, ['--show']);
  assert.match(shown, /Channels: 20/);
  assert.match(shown, /- D13: logic/);

  // The LED: every level the MCU held (the `pin` events, at simulated ms) lasted what sigrok measures between D13's edges.
  // Seed 3 draws 0,1,1 · 1,0,1 · 0,0,1 · 0,0,1: seven edges on D13 (unseeded, four ticks may draw none).
  const events = eventsOf(result.stdout);
  const reported = events.filter((event) => event.event === 'pin' && event.pin === 13 && event.source === 'mcu');
  // A write that keeps the level is reported too, but is no edge (the LED starts LOW, as the VCD's time 0 has it).
  const led = reported.filter((event, i) => event.value !== (i === 0 ? 0 : reported[i - 1]!.value)).map((event) => event.at as number);
  assert.ok(led.length >= 4, `the LED changed ${led.length} times`);
  const held = led.slice(1).map((at, i) => at - led[i]!);
  const measured = await sigrokTimings(file, 'D13', 'any');
  assert.equal(measured.length, held.length, `sigrok saw ${measured.length} levels on D13, the MCU reported ${held.length}`);
  held.forEach((ms, i) => assert.ok(Math.abs(measured[i]!.ms - ms) <= measured[i]!.within + 0.001, `level ${i} of D13: the MCU held it ${ms} ms, sigrok measured ${measured[i]!.ms} ms`));

  // The piezo: the periods of D3's rising edges are the PWM frequency the timer's registers give.
  const buzz = events.find((event) => event.event === 'buzz' && event.on === true);
  assert.ok(buzz && typeof buzz.frequency === 'number', 'the piezo sounded');
  const periods = await sigrokTimings(file, 'D3', 'rising');
  assert.ok(periods.length > 100, `sigrok saw ${periods.length} periods on D3`);
  const counts = new Map<number, number>();
  for (const { ms } of periods) counts.set(ms, (counts.get(ms) ?? 0) + 1);
  const [commonest] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const hz = 1000 / commonest;
  assert.ok(Math.abs(hz - buzz.frequency) / buzz.frequency < 0.005, `sigrok measured ${hz.toFixed(2)} Hz on D3, the board said ${buzz.frequency} Hz`);

  // The fail-safe is in it: every pin ends LOW.
  const last = new Map(dump.changes.map((change) => [change.id, change.value]));
  assert.ok([...last.values()].every((value) => value === 0));
});

test('--record FILE.jsonl keeps every event --json prints, in order', async () => {
  const file = join(await folder(), 'circuit.jsonl');
  const circuit = await freeCircuitFile();
  // Seeded: the event kinds below need a buzz, and 3 ticks of unseeded bits are all 0 one run in 512 (CI met one).
  const result = await runCli(['circuit', '--board', 'mock', '--circuit', circuit.path, '--ticks', '3', '--delay', '0.05', '--seed', '1', '--json', '--record', file]);
  assert.equal(result.code, 0, result.stderr);
  const recorded = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const printed = result.stdout.split('\n');
  const from = printed.indexOf(recorded[0]!);
  assert.ok(from >= 0, 'the first recorded event was printed');
  assert.deepEqual(recorded, printed.slice(from, from + recorded.length));
  const kinds = new Set(recorded.map((line) => (JSON.parse(line) as JsonEvent).event));
  for (const kind of ['board', 'listening', 'tick', 'ack', 'pin', 'buzz', 'done', 'closed']) assert.ok(kinds.has(kind), `the recording has a ${kind} event`);
});

test('a VCD of a board pinmesh only observes (the mock) holds the levels it wrote, on this process’s clock', async () => {
  const file = join(await folder(), 'mock.vcd');
  const circuit = await freeCircuitFile();
  const result = await runCli(['circuit', '--board', 'mock', '--circuit', circuit.path, '--ticks', '3', '--delay', '0.05', '--json', '--record', file]);
  assert.equal(result.code, 0, result.stderr);
  const dump = readVcd(await readFile(file, 'utf8'));
  assert.ok(dump.wires.every((wire) => wire.scope === 'mock'));
  const d13 = dump.wires.find((wire) => wire.name === 'D13')!;
  const levels = dump.changes.filter((change) => change.id === d13.id).map((change) => change.value);
  const written = eventsOf(result.stdout).filter((event) => event.event === 'pin' && event.pin === 13).map((event) => event.value);
  // The first value is the one at time 0; after it, every change the host wrote (a write that keeps the level is no change).
  const changes = written.filter((value, i) => i === 0 || value !== written[i - 1]);
  assert.deepEqual(levels.slice(1), changes[0] === 0 ? changes.slice(1) : changes);
});

test('--record into a folder that is not there yet makes the folder, as a newcomer’s `--record runs/x.vcd` expects', async () => {
  const project = await folder();
  for (const file of ['runs/x.vcd', 'runs/x.jsonl', 'deeper/runs/x.vcd']) {
    const circuit = await freeCircuitFile();
    const result = await runCli(['circuit', '--board', 'mock', '--circuit', circuit.path, '--ticks', '1', '--delay', '0.05', '--record', file], { cwd: project });
    assert.equal(result.code, 0, result.stderr);
    const { size } = await stat(join(project, file));
    assert.ok(size > 0, `${file} was written`);
    // The last line says where it went (the folders were made silently).
    assert.match(result.stdout.trimEnd().split('\n').at(-1)!, new RegExp(`^\\[ record \\] recorded ${file.replaceAll('.', '\\.')} \\(${size.toLocaleString('en-US')} bytes\\): (open it in PulseView or GTKWave, or )?pinmesh replay it$`));
  }
});

test('a recording the disk could not take fails the run: exit 1, and the reason in words', { skip: process.platform !== 'linux' && 'needs /dev/full' }, async () => {
  for (const name of ['full.vcd', 'full.jsonl']) {
    const file = join(await folder(), name);
    await symlink('/dev/full', file);
    const circuit = await freeCircuitFile();
    const result = await runCli(['circuit', '--board', 'mock', '--circuit', circuit.path, '--ticks', '1', '--delay', '0.05', '--record', file]);
    assert.equal(result.code, 1, `${name}: the run did its work but lost its recording: ${result.stdout}`);
    assert.match(result.stderr, new RegExp(`the recording .*${name.replace('.', '\\.')} is incomplete: the disk is full \\(ENOSPC\\): free some space, or record to another disk`));
    assert.ok(hasNoStackTrace(result.stderr), result.stderr);
    assert.match(result.stdout, /outputs driven LOW/, 'the board was made safe all the same');
  }
});

test('a --record path that says no format, or cannot be written, is one line of advice before anything runs', async () => {
  const dir = await folder();
  await writeFile(join(dir, 'runs'), 'a file where the folder would go');
  await mkdir(join(dir, 'taken.vcd'));
  for (const [file, advice] of [
    [join(dir, 'run.txt'), /name it FILE\.vcd .* or FILE\.jsonl/],
    [join(dir, 'runs', 'run.vcd'), /cannot make the folder .*runs for the recording .*run\.vcd: .*runs is a file, not a folder; move it or give --record another path/],
    [join(dir, 'runs', 'deeper', 'run.jsonl'), /cannot make the folder .*deeper for the recording .*: .*runs is a file, not a folder/],
    [join(dir, 'taken.vcd'), /cannot write the recording .*taken\.vcd: it is a folder; give --record a file name in it/],
  ] as const) {
    const result = await runCli(['circuit', '--board', 'mock', '--ticks', '1', '--record', file]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, advice);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.equal(result.stdout, '', 'nothing ran');
  }
});

test('pinmesh replay prints each event as the run printed it, also one this process has no wording for (a sketch’s or a device’s own)', async () => {
  const file = join(await folder(), 'lamp.jsonl');
  const lines = [
    { node: 'board', event: 'board', time: '2026-12-04T10:00:00.000Z', text: 'pinmesh mock board 1.0 on memory (mock)', firmware: 'pinmesh mock board', version: '1.0', port: 'memory', kind: 'mock' },
    { node: 'lamp', event: 'blinked', time: '2026-12-04T10:00:00.100Z', text: 'pin 13 lit', pin: 13, on: true },
    { node: 'lamp', event: 'button', time: '2026-12-04T10:00:00.200Z', text: 'button on pin 2 pressed', pin: 2, pressed: true, at: 0, source: 'host' },
  ];
  await writeFile(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  const human = await runCli(['replay', file]);
  assert.equal(human.code, 0, human.stderr);
  assert.deepEqual(human.stdout.trimEnd().split('\n'), ['[ board ] pinmesh mock board 1.0 on memory (mock)', '[ lamp ] pin 13 lit', '[ lamp ] button on pin 2 pressed']);
  const json = await runCli(['replay', file, '--json']);
  assert.deepEqual(json.stdout.trimEnd().split('\n'), lines.map((line) => JSON.stringify(line)), 'the recording, line for line');
});
