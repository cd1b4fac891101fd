/**
 * Timers counted lazily (src/boards/sim/lazy-timer-events.ts: a clock event only at the steps
 * anyone could see) against avr8js's own event at every prescaler step. StandardFirmata runs on
 * both MCUs and the host's bytes reach both at the same cycles: PWM on the pins of all three timers
 * (fast PWM on timer 0, phase correct on timers 1 and 2), then a servo on pin 9 (the Servo library
 * takes timer 1 into normal mode and moves its compare value from its interrupt), then new duties
 * and angles. At the end of every turn both must be in the same state (cycle, program counter,
 * registers, I/O, SRAM) and have moved their pins at the same cycles (pins moving at one cycle in
 * any order: on the chip they move together). Then a firmware built to
 * work the timers hard (test/fixtures/firmware/timer-torture.c: modes, prescalers, counters,
 * compare values and flags written and read at pseudo-random moments), with
 * every cycle executed: most of its nine interrupts are taken.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdleLoopSkip } from '../../src/boards/sim/idle-loop-skip.js';
import { ATMEGA328P_UNO, Mcu } from '../../src/boards/sim/mcu.js';
import { SIM_UNO } from '../../src/boards/sim/sim-models.js';
import { UsartLink } from '../../src/boards/sim/usart-link.js';
import { firmwarePath } from '../../src/firmware/ensure-firmware.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';
import { loadProgramImage } from '../../src/firmware/program-image.js';
import { avrGccSkip, testFirmware } from '../support/avr-build.js';
import { mcuStateDifference } from '../support/mcu-difference.js';

const MS = ATMEGA328P_UNO.clockHz / 1000;
const PWM = 3;
const SERVO = 4;

const setMode = (pin: number, mode: number) => [0xf4, pin, mode];
const analogWrite = (pin: number, value: number) => [0xe0 | pin, value & 0x7f, value >> 7];
const servoConfig = (pin: number) => [0xf0, 0x70, pin, 544 & 0x7f, 544 >> 7, 2400 & 0x7f, 2400 >> 7, 0xf7];

/** What the host sends, and when (ms of the MCU's time): StandardFirmata is listening from about 1.9 s. */
const SCRIPT: { atMs: number; bytes: number[] }[] = [
  { atMs: 2_000, bytes: [...setMode(3, PWM), ...analogWrite(3, 128), ...setMode(5, PWM), ...analogWrite(5, 64), ...setMode(6, PWM), ...analogWrite(6, 200)] },
  { atMs: 2_040, bytes: [...setMode(10, PWM), ...analogWrite(10, 77), ...setMode(11, PWM), ...analogWrite(11, 1)] },
  { atMs: 2_100, bytes: [...servoConfig(9), ...setMode(9, SERVO), ...analogWrite(9, 90)] },
  { atMs: 2_180, bytes: [...analogWrite(9, 45), ...analogWrite(5, 0), ...analogWrite(3, 255), 0x91, 0x20, 0x00] },
];
const END_MS = 2_260;

interface Run {
  mcu: Mcu;
  link: UsartLink;
  idle: IdleLoopSkip;
  edges: string[];
  /** Edges already compared. */
  checked: number;
}

function start(program: Uint16Array, timerEvents: 'lazy' | 'per-step'): Run {
  const mcu = new Mcu(program.slice(), ATMEGA328P_UNO, { timerEvents });
  const link = new UsartLink(mcu);
  const edges: string[] = [];
  for (const [name, port] of Object.entries(mcu.ports)) {
    port!.addListener((value, old) => {
      for (let bit = 0; bit < 8; bit++) if (((value ^ old) >> bit) & 1) edges.push(`${mcu.cycles} P${name}${bit} ${(value >> bit) & 1}`);
    });
  }
  return { mcu, link, idle: new IdleLoopSkip(mcu), edges, checked: 0 };
}

/** Pins that move at one cycle move together: they are compared in the order of their names. */
function byCycleThenPin(edges: string[]): string[] {
  const cycle = (edge: string) => Number(edge.slice(0, edge.indexOf(' ')));
  return edges.map((edge, i) => ({ edge, i })).sort((a, b) => cycle(a.edge) - cycle(b.edge) || (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : a.i - b.i)).map(({ edge }) => edge);
}

function difference(a: Run, b: Run): string | undefined {
  const state = mcuStateDifference(a.mcu, b.mcu, ['per step', 'lazy']);
  if (state) return state;
  const [mine, theirs] = [byCycleThenPin(a.edges.slice(a.checked)), byCycleThenPin(b.edges.slice(b.checked))];
  for (let at = 0; at < Math.max(mine.length, theirs.length); at++) {
    if (mine[at] !== theirs[at]) return `pin edge ${a.checked + at}: per step ${mine[at] ?? 'none'}, lazy ${theirs[at] ?? 'none'}`;
  }
  a.checked = a.edges.length;
  b.checked = b.edges.length;
  return undefined;
}

describe('timers counted only at the steps anyone could see', () => {
  it('run StandardFirmata with PWM on all three timers and a servo exactly as avr8js does counting every step', async () => {
    const path = await firmwarePath({ manifest: readFirmwareManifest(), progress: () => undefined });
    const program = loadProgramImage(path, SIM_UNO.mcu.flashBytes);
    const perStep = start(program, 'per-step');
    const lazy = start(program, 'lazy');
    const script = [...SCRIPT];
    let turns = 0;
    // Odd turns; the idle-loop skip on both (the boot's delay()s), as a simulated Uno runs.
    for (let target = 997; target <= END_MS * MS; target += 997) {
      while (script.length > 0 && script[0]!.atMs * MS <= target) {
        const { bytes } = script.shift()!;
        perStep.link.send(bytes);
        lazy.link.send(bytes);
      }
      perStep.idle.runUntil(target);
      lazy.idle.runUntil(target);
      const end = Math.max(perStep.mcu.cycles, lazy.mcu.cycles);
      perStep.mcu.runUntil(end);
      lazy.mcu.runUntil(end);
      turns++;
      assert.equal(difference(perStep, lazy), undefined, `at the end of turn ${turns}`);
    }
    const pins = (run: Run, name: string) => run.edges.filter((edge) => edge.includes(` P${name}`)).length;
    assert.ok(pins(lazy, 'D') > 20 && pins(lazy, 'B') > 20, `PWM and servo edges on ports B and D (${pins(lazy, 'B')}, ${pins(lazy, 'D')})`);
    assert.ok(lazy.link.transmitted > 0, 'StandardFirmata spoke');
  });

  it('run a firmware that rewrites the timers at random moments exactly as avr8js does counting every step', { skip: avrGccSkip() }, async () => {
    const firmware = await testFirmware('timer-torture');
    const program = loadProgramImage(firmware.hex, SIM_UNO.mcu.flashBytes);
    const perStep = start(program, 'per-step');
    const lazy = start(program, 'lazy');
    let turns = 0;
    for (let target = 997; target <= 120 * MS; target += 997) {
      perStep.mcu.runUntil(target);
      lazy.mcu.runUntil(target);
      turns++;
      assert.equal(difference(perStep, lazy), undefined, `at the end of turn ${turns}`);
    }
    const at = firmware.variables.get('interrupts')!;
    const counters = Array.from({ length: 9 }, (_, i) => lazy.mcu.cpu.data[at + 2 * i]! | (lazy.mcu.cpu.data[at + 2 * i + 1]! << 8));
    assert.ok(counters.filter((n) => n > 0).length >= 6, `most of the nine interrupts were taken: ${counters.join(', ')}`);
    assert.ok(lazy.edges.length > 100, `output-compare pins moved (${lazy.edges.length} edges)`);
  });
});
