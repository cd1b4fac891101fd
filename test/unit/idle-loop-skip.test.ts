import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { bundledFirmwarePath } from '../../src/firmware/bundled-firmware.js';
import { loadProgramImage } from '../../src/firmware/program-image.js';
import type { AVRTimer } from 'avr8js';
import { IdleLoopSkip } from '../../src/boards/sim/idle-loop-skip.js';
import { readTimer, timerHorizon } from '../../src/boards/sim/timer-horizon.js';
import { ATMEGA328P_UNO, Mcu } from '../../src/boards/sim/mcu.js';
import { UsartLink } from '../../src/boards/sim/usart-link.js';

const CYCLES_PER_MS = ATMEGA328P_UNO.clockHz / 1000;
/** The pacer's usual turn: 2 ms of simulated time, then the host may act. */
const TURN = 2 * CYCLES_PER_MS;
const SAMPLING_MS = 10;
const RUN_MS = 1_500;
/** Pin 2 (PD2) is pressed during this span of the run, in simulated ms. */
const PRESSED = [400, 900] as const;

interface Run {
  /** Everything StandardFirmata transmitted after setup. */
  transmitted: number[];
  /** Every level change of pin 3 (PD3, timer 2's PWM), with its cycle. */
  pwmEdges: Array<[cycle: number, level: number]>;
  ranCycles: number;
  skippedCycles: number;
}

/**
 * StandardFirmata, booted, then asked to: report A0 every 10 ms of its millis(), drive pin 3 with
 * PWM (timer 2), and report port D, whose pin 2 is an input the "host" presses between turns.
 */
function run(program: Uint16Array, skipIdle: boolean): Run {
  const mcu = new Mcu(program);
  const link = new UsartLink(mcu);
  const idle = skipIdle ? new IdleLoopSkip(mcu) : undefined;
  mcu.runUntil(2_200 * CYCLES_PER_MS); // the boot blink, executed in full either way
  link.takeTransmitted();
  const pwmEdges: Run['pwmEdges'] = [];
  let pd3 = 0;
  mcu.ports.D!.addListener((value) => {
    const level = (value >> 3) & 1;
    if (level !== pd3) pwmEdges.push([mcu.cycles, level]);
    pd3 = level;
  });
  link.send([0xf0, 0x7a, SAMPLING_MS, 0x00, 0xf7]); // sampling interval
  link.send([0xc0, 0x01]); // report analog A0
  link.send([0xf4, 0x03, 0x03, 0xe3, 0x00, 0x01]); // pin 3 PWM, duty 128
  link.send([0xf4, 0x02, 0x00, 0xd0, 0x01]); // pin 2 input, report port D
  const start = mcu.cycles;
  const transmitted: number[] = [];
  for (let turn = start + TURN; turn <= start + RUN_MS * CYCLES_PER_MS; turn += TURN) {
    if (idle) {
      idle.runUntil(turn);
      idle.invalidate();
    } else {
      mcu.runUntil(turn);
    }
    transmitted.push(...(link.takeTransmitted() ?? []));
    const ms = (turn - start) / CYCLES_PER_MS;
    mcu.ports.D!.setPin(2, ms >= PRESSED[0] && ms < PRESSED[1]);
  }
  return { transmitted, pwmEdges, ranCycles: mcu.cycles - start, skippedCycles: idle?.stats.skippedCycles ?? 0 };
}

/** The A0 reports (0xE0 lsb msb) and port D reports (0x90 lsb msb) in a byte stream. */
function messages(bytes: number[], command: number): number[][] {
  const found: number[][] = [];
  bytes.forEach((byte, at) => {
    if (byte === command) found.push(bytes.slice(at, at + 3));
  });
  return found;
}

describe('skipping the idle loop of StandardFirmata', () => {
  let executed: Run;
  let skipped: Run;
  before(() => {
    const program = loadProgramImage(bundledFirmwarePath(), ATMEGA328P_UNO.flashBytes);
    executed = run(program, false);
    skipped = run(program, true);
  });

  it('skips most of the simulated time of an idle firmware', () => {
    assert.ok(skipped.skippedCycles > skipped.ranCycles / 2, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });

  it('leaves what the firmware transmits unchanged, byte for byte', () => {
    assert.ok(executed.transmitted.length > 0);
    assert.deepEqual(skipped.transmitted, executed.transmitted);
  });

  it("keeps the firmware's millis() on simulated time: one A0 report per sampling interval", () => {
    const reports = messages(skipped.transmitted, 0xe0).length;
    const expected = RUN_MS / SAMPLING_MS;
    assert.ok(Math.abs(reports - expected) <= 2, `${reports} reports in ${RUN_MS} simulated ms, expected ${expected}`);
  });

  it('sees an input pin the host changes between turns, press and release', () => {
    const portD = messages(skipped.transmitted, 0x90).map(([, lsb]) => (lsb! >> 2) & 1);
    assert.deepEqual(portD.slice(-2), [1, 0]);
  });

  it("drives a timer's PWM pin at the same cycles as when every cycle is executed", () => {
    assert.ok(executed.pwmEdges.length > 100);
    assert.deepEqual(skipped.pwmEdges, executed.pwmEdges);
  });

  it("skips nothing past a timer whose internals are not the ones this avr8js was read for", () => {
    const mcu = new Mcu(loadProgramImage(bundledFirmwarePath(), ATMEGA328P_UNO.flashBytes));
    const unknownTimer = { divider: '64' } as unknown as AVRTimer;
    assert.equal(readTimer(unknownTimer), undefined);
    assert.equal(timerHorizon(unknownTimer, mcu.cpu), mcu.cpu.cycles);
  });
});

describe('a running simulated Uno, with every pin, PWM and servo watch attached', () => {
  it('still skips its idle firmware loop: the watches hook the ports and timers before the skipper wraps them', async () => {
    const { SimulatedUno } = await import('../../src/boards/sim/simulated-uno.js');
    const uno = new SimulatedUno();
    try {
      await uno.start();
      // Paced turns of an idle, booted firmware: bounded in count, no wall-clock assertion.
      for (let turn = 0; turn < 200 && uno.stats().idleSkippedMs === 0; turn++) await new Promise<void>((resolve) => uno.once('turn', resolve));
      assert.ok(uno.stats().idleSkippedMs > 0, 'no idle simulated time was skipped');
    } finally {
      uno.stop();
    }
  });
});
