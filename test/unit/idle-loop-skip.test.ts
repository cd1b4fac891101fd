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

/** One turn as the pacer runs it: up to `cycles`, skipping proven idle loops if `idle` is given. */
function runTurn(mcu: Mcu, idle: IdleLoopSkip | undefined, cycles: number): void {
  if (!idle) return mcu.runUntil(cycles);
  idle.runUntil(cycles);
}

interface Run {
  /** Everything StandardFirmata transmitted after setup. */
  transmitted: number[];
  /** Every level change of pin 3 (PD3, timer 2's PWM), with its cycle. */
  pwmEdges: Array<[cycle: number, level: number]>;
  ranCycles: number;
  skippedCycles: number;
  /** The cycle at which each turn ended, the boot's first. */
  turnEnds: number[];
}

/**
 * StandardFirmata, booted, then asked to: report A0 every 10 ms of its millis(), drive pin 3 with
 * PWM (timer 2), and report port D, whose pin 2 is an input the "host" presses between turns.
 * A skipping run may end a turn past its target (on the loop's anchor, less than a pass later);
 * the run it is compared with ends its turns where that one did (`turnEnds`), so that the host
 * acts at the same cycles in both.
 */
function run(program: Uint16Array, skipIdle: boolean, turnEnds?: readonly number[]): Run {
  const mcu = new Mcu(program);
  const link = new UsartLink(mcu);
  const idle = skipIdle ? new IdleLoopSkip(mcu) : undefined;
  const ends: number[] = [];
  const endTurn = (target: number): void => {
    runTurn(mcu, idle, turnEnds?.[ends.length] ?? target);
    ends.push(mcu.cycles);
  };
  endTurn(2_200 * CYCLES_PER_MS); // the boot blink (its delay()s skipped too: delay-loop-skip.test.ts)
  link.takeTransmitted();
  const skippedInBoot = idle?.stats.skippedCycles ?? 0;
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
  let pin2 = false;
  for (let turn = start + TURN; turn <= start + RUN_MS * CYCLES_PER_MS; turn += TURN) {
    endTurn(turn);
    transmitted.push(...(link.takeTransmitted() ?? []));
    const ms = (turn - start) / CYCLES_PER_MS;
    const pressed = ms >= PRESSED[0] && ms < PRESSED[1];
    if (pressed !== pin2) {
      // The host changed what the firmware reads: what was proven lapses (SimulatedUno.setInput does the same).
      pin2 = pressed;
      mcu.ports.D!.setPin(2, pressed);
      idle?.invalidate();
    }
  }
  return { transmitted, pwmEdges, ranCycles: mcu.cycles - start, skippedCycles: (idle?.stats.skippedCycles ?? 0) - skippedInBoot, turnEnds: ends };
}

/** Cycles the CPU executed (not skipped) a simulated ms over the next second, in turns of `turnMs`. */
function executedPerMs(mcu: Mcu, idle: IdleLoopSkip, turnMs: number): number {
  const [start, skipped] = [mcu.cycles, idle.stats.skippedCycles];
  for (let turn = start; turn < start + 1_000 * CYCLES_PER_MS; ) idle.runUntil((turn += turnMs * CYCLES_PER_MS));
  return (mcu.cycles - start - (idle.stats.skippedCycles - skipped)) / 1_000;
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
    skipped = run(program, true);
    executed = run(program, false, skipped.turnEnds);
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

  it('ends each turn on a cycle where the run that executes every cycle ends it too (an instruction starts there in both)', () => {
    assert.deepEqual(executed.turnEnds, skipped.turnEnds);
  });

  it("drives a timer's PWM pin at the same cycles as when every cycle is executed", () => {
    assert.ok(executed.pwmEdges.length > 100);
    assert.deepEqual(skipped.pwmEdges, executed.pwmEdges);
  });

  it('holds a proof from one turn to the next: in 2 ms turns it executes no more of an idle firmware than in 20 ms turns', () => {
    const program = loadProgramImage(bundledFirmwarePath(), ATMEGA328P_UNO.flashBytes);
    const executedIn = (turnMs: number): number => {
      const mcu = new Mcu(program.slice());
      const idle = new IdleLoopSkip(mcu);
      idle.runUntil(2_200 * CYCLES_PER_MS);
      return executedPerMs(mcu, idle, turnMs);
    };
    const [short, long] = [executedIn(2), executedIn(20)];
    assert.ok(short < long * 1.1, `executed ${short} cycles a simulated ms in 2 ms turns, ${long} in 20 ms turns`);
  });

  it("executes under 560 cycles a simulated millisecond of the idle firmware: timer 0's interrupt and the pass after it, a second pass only when the interrupt fell between millis() and the loop's store of it", () => {
    // The anchor moves to just after that store (anchor-after-stores.ts); where the CPU happened
    // to be, a second pass followed 42 % of the interrupts: 595 cycles a millisecond.
    const mcu = new Mcu(loadProgramImage(bundledFirmwarePath(), ATMEGA328P_UNO.flashBytes));
    const idle = new IdleLoopSkip(mcu);
    idle.runUntil(2_200 * CYCLES_PER_MS);
    const perMs = executedPerMs(mcu, idle, 20);
    assert.ok(perMs < 560, `${perMs} cycles executed a simulated ms`);
  });

  it("comes back to that after a host's setup kept the firmware busy (the anchor it had is given up, and the next one is moved too)", () => {
    const mcu = new Mcu(loadProgramImage(bundledFirmwarePath(), ATMEGA328P_UNO.flashBytes));
    const link = new UsartLink(mcu);
    const idle = new IdleLoopSkip(mcu);
    idle.runUntil(2_200 * CYCLES_PER_MS);
    // What firmata-io asks at its start (capabilities: a long answer, sent as the UART frees room), then pin 13 an output.
    for (const message of [[0xf0, 0x6b, 0xf7], [0xf0, 0x79, 0xf7], [0xf9], [0xf4, 13, 1]]) {
      link.send(message);
      idle.runUntil(mcu.cycles + 300 * CYCLES_PER_MS);
    }
    assert.ok((link.takeTransmitted() ?? []).length > 100, 'the capability answer was sent');
    const perMs = executedPerMs(mcu, idle, 20);
    assert.ok(perMs < 560, `${perMs} cycles executed a simulated ms`);
  });

  it('skips nothing once an I/O hook it watches was replaced after it (a peripheral added later would go unseen)', () => {
    const mcu = new Mcu(loadProgramImage(bundledFirmwarePath(), ATMEGA328P_UNO.flashBytes));
    const idle = new IdleLoopSkip(mcu);
    idle.runUntil(2_200 * CYCLES_PER_MS);
    assert.ok(idle.stats.skippedCycles > 0);
    const skipped = idle.stats.skippedCycles;
    const PORTB = 0x25;
    const watcher = mcu.cpu.writeHooks[PORTB];
    mcu.cpu.writeHooks[PORTB] = (value, old, address, mask) => Boolean(watcher?.(value, old, address, mask));
    idle.runUntil(mcu.cycles + 200 * CYCLES_PER_MS);
    assert.equal(idle.stats.skippedCycles, skipped);
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

/** AVR instructions, encoded as the datasheet's instruction set manual gives them (words). */
const avr = {
  ldi: (d: number, k: number) => [0xe000 | ((k & 0xf0) << 4) | ((d - 16) << 4) | (k & 0x0f)],
  lds: (d: number, address: number) => [0x9000 | (d << 4), address],
  sts: (address: number, r: number) => [0x9200 | (r << 4), address],
  sbrs: (r: number, bit: number) => [0xfe00 | (r << 4) | bit],
  /** Relative to the next word, in words. */
  rjmp: (words: number) => [0xc000 | (words & 0xfff)],
  wdr: () => [0x95a8],
  sei: () => [0x9478],
};
const UCSR0A = 0xc0;
const UCSR0B = 0xc1;
const UBRR0L = 0xc4;
const UDR0 = 0xc6;
const WDTCSR = 0x60;

/** Where the programs below start: past the interrupt vectors, reached by the reset vector. */
const START = 0x40;

/** A program at START in an otherwise empty (erased) flash. */
function flash(...words: number[][]): Uint16Array {
  const image = new Uint16Array(ATMEGA328P_UNO.flashBytes / 2).fill(0xffff);
  image.set(avr.rjmp(START - 1), 0);
  image.set(words.flat(), START);
  return image;
}

/**
 * A bootloader's way of talking, with interrupts off as a bootloader runs: it polls UCSR0A for a
 * received byte, then for room to send, and echoes the byte plus one.
 */
const echoWithInterruptsOff = flash(
  avr.ldi(16, 16), // 57600 baud at 16 MHz (UBRR 16)
  avr.sts(UBRR0L, 16),
  avr.ldi(16, 0x18), // RXEN0 | TXEN0
  avr.sts(UCSR0B, 16),
  avr.lds(24, UCSR0A), // START + 6: wait for a byte
  avr.sbrs(24, 7),
  avr.rjmp(-4),
  avr.lds(24, UDR0),
  [0x9583], // inc r24
  avr.lds(25, UCSR0A), // START + 13: wait for room to send
  avr.sbrs(25, 5),
  avr.rjmp(-4),
  avr.sts(UDR0, 24),
  avr.rjmp(-14), // back to START + 6
);

/** Turns of 2 simulated ms; the host sends `bytes[i]` before turn i * 3 + 1. What came back, with the cycle it was sent at. */
function echo(program: Uint16Array, skipIdle: boolean, bytes: number[]): { sent: Array<[byte: number, cycle: number]>; ranCycles: number; skippedCycles: number } {
  const mcu = new Mcu(program);
  const link = new UsartLink(mcu);
  const idle = skipIdle ? new IdleLoopSkip(mcu) : undefined;
  const sent: Array<[number, number]> = [];
  link.onTransmit = (byte) => sent.push([byte, mcu.cycles]);
  for (let turn = 0; turn < bytes.length * 3 + 3; turn++) {
    if (turn % 3 === 1 && bytes[(turn - 1) / 3] !== undefined) link.send([bytes[(turn - 1) / 3]!]);
    runTurn(mcu, idle, (turn + 1) * TURN);
  }
  return { sent, ranCycles: mcu.cycles, skippedCycles: idle?.stats.skippedCycles ?? 0 };
}

describe('skipping a bootloader that polls its UART with interrupts off', () => {
  const bytes = [0x30, 0x20, 0x41, 0x42, 0x10];

  it('answers every byte at the same cycle as when every cycle is executed', () => {
    const executed = echo(echoWithInterruptsOff, false, bytes);
    const skipped = echo(echoWithInterruptsOff, true, bytes);
    assert.deepEqual(executed.sent.map(([byte]) => byte), [0x31, 0x21, 0x42, 0x43, 0x11]);
    assert.deepEqual(skipped.sent, executed.sent);
  });

  it('skips most of the time it spends waiting for the host', () => {
    const skipped = echo(echoWithInterruptsOff, true, bytes);
    assert.ok(skipped.skippedCycles > skipped.ranCycles * 0.9, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });
});

describe('a loop that resets the watchdog', () => {
  it('is skipped only up to the watchdog\'s check, where its wdr runs again: the chip is never reset', () => {
    const program = flash(
      avr.ldi(16, 0x18), // WDCE | WDE: the timed sequence that allows a change
      avr.sts(WDTCSR, 16),
      avr.ldi(16, 0x08), // WDE, 16 ms
      avr.sts(WDTCSR, 16),
      avr.sei(),
      avr.wdr(), // START + 7
      avr.rjmp(-2),
    );
    const mcu = new Mcu(program);
    const idle = new IdleLoopSkip(mcu);
    for (let turn = 1; turn <= 50 && mcu.resetRequest === undefined; turn++) {
      runTurn(mcu, idle, turn * TURN);
    }
    assert.equal(mcu.resetRequest, undefined, 'the watchdog reset the chip: a skip went past its check');
    assert.ok(idle.stats.skippedCycles > 0);
  });
});
