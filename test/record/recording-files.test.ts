/**
 * The recording files themselves, without a board: a VCD written from a pin source holds its
 * changes at the source's times (µs since it was watched, never going back), in a form the
 * reader (and so `pinmesh replay`) reads back; a JSONL file that is not a recording is named
 * by its line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import type { LevelListener, PinSource, ReadingListener } from '../../src/record/pin-sources.js';
import { readRecording } from '../../src/record/recorded-run.js';
import { RecordFile } from '../../src/record/record-file.js';
import { readVcd } from '../../src/record/vcd-read.js';
import { vcdIdentifier } from '../../src/record/vcd-format.js';
import { VcdRecording } from '../../src/record/vcd-recording.js';

const folder = () => mkdtemp(join(tmpdir(), 'pinmesh-record-files-'));

/** A pin source whose clock and changes the test sets. */
function fakeSource(startMs: number): PinSource & { at(ms: number): void; change(pin: number, value: 0 | 1, ms: number): void } {
  let now = startMs;
  const listeners: LevelListener[] = [];
  return {
    clock: 'mcu',
    now: () => now,
    level: (pin) => (pin === 2 ? 1 : 0),
    listen(listener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    at: (ms) => void (now = ms),
    change: (pin, value, ms) => listeners.forEach((listener) => listener(pin, value, ms)),
  };
}

test('a VCD holds each change at µs since it began, on the source’s clock, and ends where the source is when it stops', async () => {
  const file = join(await folder(), 'pins.vcd');
  const source = fakeSource(1000);
  const vcd = new VcdRecording(new RecordFile(file), 'pinmesh test');
  assert.equal(vcd.watch({ name: 'sim', source }), true);
  assert.equal(vcd.watch({ name: 'mock', source: fakeSource(0) }), false, 'a VCD holds one board');
  source.change(13, 1, 1000.0000625); // one 16 MHz cycle after the start: rounds to the µs
  source.change(13, 1, 1001); // no change: not written
  source.change(3, 1, 1250.5);
  source.change(3, 0, 1250.4); // a time before the last: written at the last (a VCD's times go forward)
  source.change(13, 0, 2000);
  source.at(2500);
  await vcd.stop();

  const text = await readFile(file, 'utf8');
  assert.match(text, /^\$date .* \$end\n\$version pinmesh test \$end\n\$timescale 1 us \$end\n\$scope module sim \$end\n/);
  assert.match(text, /\$var wire 1 ! D0 \$end\n\$var wire 1 " D1 \$end\n\$var wire 1 % D2 \$end/, 'no identifier is # or $');
  assert.doesNotMatch(text, /\$var wire 1 [#$] /);
  const dump = readVcd(text);
  const name = (id: string) => dump.wires.find((wire) => wire.id === id)!.name;
  assert.deepEqual(
    dump.changes.filter((change) => change.ms > 0 || change.value === 1).map((change) => [Math.round(change.ms * 1000), name(change.id), change.value]),
    [
      [0, 'D2', 1], // its level when the recording began
      [0, 'D13', 1],
      [250500, 'D3', 1],
      [250500, 'D3', 0],
      [1000000, 'D13', 0],
    ],
  );
  assert.equal(dump.endMs, 1500);
});

test('the run’s stop is recorded after its last change, at the same source time or not, and the file ends after both: each #time once, later than the one before', async () => {
  const file = join(await folder(), 'stop.vcd');
  const source = fakeSource(0);
  const vcd = new VcdRecording(new RecordFile(file), 'pinmesh test', null);
  vcd.watch({ name: 'mock', source });
  source.change(13, 1, 6000); // the level the run ends with
  source.at(6000);
  vcd.stopping(); // the mock's time does not move as the run stops: its LOW comes at the same time
  source.change(13, 0, 6000);
  source.change(3, 0, 6000); // no change: not written
  await vcd.stop();
  const text = await readFile(file, 'utf8');
  assert.ok(text.endsWith(`#6000000\n1${vcdIdentifier(13)}\n#6000001\n0${vcdIdentifier(13)}\n#6000002\n`), text.slice(-60));
  const dump = readVcd(text);
  assert.deepEqual(
    dump.changes.filter((change) => change.ms > 0).map((change) => [change.ms, change.value]),
    [
      [6000, 1],
      [6000.001, 0],
    ],
  );
  assert.equal(dump.endMs, 6000.002);
});

test('an analog input’s readings are reals in the board’s scope analog, after the pins’ wires; the reader and replay still see the wires alone', async () => {
  const file = join(await folder(), 'analog.vcd');
  const readings: ReadingListener[] = [];
  const source: PinSource = { ...fakeSource(0), reading: (pin) => (pin === 14 ? 100 : 0), listenReadings: (listener) => (readings.push(listener), () => {}) };
  const vcd = new VcdRecording(new RecordFile(file), 'pinmesh test', null);
  vcd.watch({ name: 'mock', source });
  readings.forEach((listener) => listener(14, 512, 50));
  readings.forEach((listener) => listener(14, 512, 60)); // the same reading again: not written
  readings.forEach((listener) => listener(19, 1023, 60));
  readings.forEach((listener) => listener(7, 1, 60)); // not an analog input: not written
  await vcd.stop();
  const text = await readFile(file, 'utf8');
  assert.match(text, /\$var wire 1 6 A5 \$end\n\$scope module analog \$end\n\$var real 64 7 A0 \$end\n(\$var real 64 \S A\d \$end\n){5}\$upscope \$end\n\$upscope \$end\n/);
  assert.match(text, /\n06\nr100 7\nr0 8\nr0 9\nr0 :\nr0 ;\nr0 <\n\$end\n#50000\nr512 7\n#60000\nr1023 <\n#60001\n$/);
  assert.equal(readVcd(text).wires.length, 20);
});

test('identifiers stay printable and unique past the first 92 wires', () => {
  const ids = Array.from({ length: 500 }, (_, i) => vcdIdentifier(i));
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.every((id) => /^[!-~]+$/.test(id) && !/[#$]/.test(id)));
});

const pinChanges = (run: Awaited<ReturnType<typeof readRecording>>) =>
  run.events.filter(({ event }) => event.event === 'pin').map(({ ms, event }) => [ms, event.event === 'pin' && event.pin, event.event === 'pin' && event.value]);

test('a VCD replays as the pins’ changes, at their times: a pin that never moved gives none', async () => {
  const file = join(await folder(), 'pins.vcd');
  await writeFile(
    file,
    '$timescale 10 us $end\n$scope module sim $end\n$var wire 1 ! D13 $end\n$var wire 1 " A0 $end\n$var wire 1 & D7 $end\n$var wire 8 % bus $end\n$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n0!\n1"\n0&\nb0 %\n$end\n#150\n1!\n#200\n1!\n#300\n',
  );
  const run = await readRecording(file);
  assert.equal(run.durationMs, 3);
  // A0 HIGH from the start; D13 LOW until 1.5 ms, then HIGH once (the second 1 is no change); D7 never moved.
  assert.deepEqual(pinChanges(run), [
    [0, 14, 1],
    [1.5, 13, 1],
  ]);
  assert.equal(run.cutOff, undefined);
});

test('a recording cut off mid-line (a run killed, a copy stopped short) plays what is whole, and says so', async () => {
  const dir = await folder();
  const vcd = join(dir, 'cut.vcd');
  await writeFile(vcd, '$timescale 1 us $end\n$scope module sim $end\n$var wire 1 ! D13 $end\n$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n0!\n$end\n#1500\n1!\n#2500\n0!\n#25');
  const vcdRun = await readRecording(vcd);
  assert.deepEqual(pinChanges(vcdRun), [
    [1.5, 13, 1],
    [2.5, 13, 0],
  ]);
  assert.equal(vcdRun.durationMs, 2.5);
  assert.match(vcdRun.cutOff ?? '', /cut\.vcd ends in the middle of a line, as when a run ends abruptly: replaying what comes before it \(0\.003 s\)/);

  const jsonl = join(dir, 'cut.jsonl');
  const line = (ms: number) => JSON.stringify({ node: 'board', event: 'pin', time: new Date(Date.UTC(2026, 0, 1) + ms).toISOString(), pin: 13, value: 1, at: ms, source: 'host' });
  await writeFile(jsonl, `${line(0)}\n${line(5)}\n${line(9).slice(0, 30)}`);
  const jsonlRun = await readRecording(jsonl);
  assert.equal(jsonlRun.events.length, 2);
  assert.equal(jsonlRun.cutOff, `the last line of ${jsonl} (line 3) is cut off, as when a run ends abruptly: replaying the 2 events before it`);

  // Only the last line can be cut: a broken line with more after it is not a recording's.
  await writeFile(jsonl, `${line(0)}\n${line(9).slice(0, 30)}\n${line(5)}\n`);
  await assert.rejects(readRecording(jsonl), (error: Error) => error instanceof UserError && /cut\.jsonl:2: not JSON/.test(error.message));
});

test('replay names what it cannot play: a file of another kind, a missing file', async () => {
  const dir = await folder();
  await assert.rejects(readRecording(join(dir, 'notes.txt')), (error: Error) => error instanceof UserError && /^cannot replay ".*notes\.txt": pinmesh replays FILE\.jsonl \(every event, as --record FILE\.jsonl writes it\) or FILE\.vcd \(the pins\)$/.test(error.message));
  await assert.rejects(readRecording(join(dir, 'missing.jsonl')), (error: Error) => error instanceof UserError && /^cannot replay .*missing\.jsonl: there is no such file$/.test(error.message));
});

test('a JSONL file that is not a recording is named by its line', async () => {
  const file = join(await folder(), 'run.jsonl');
  await writeFile(file, '{"node":"board","event":"closed","time":"2026-01-01T00:00:00.000Z","kind":"mock"}\n{"node":"board"}\n');
  await assert.rejects(readRecording(file), (error: Error) => error instanceof UserError && /run\.jsonl:2: not an event/.test(error.message));
});
