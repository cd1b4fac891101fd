/**
 * The counting-loop skip (src/boards/sim/counting-loop.ts, loop-path.ts): a receive loop that counts
 * its own timeout, as ATmegaBOOT's getch() and STK500v2's recchar_timeout() do, is skipped pass by
 * pass from its decoded instructions. The referee is the same program with every cycle executed:
 * the same bytes at the same cycles, the same count, registers, flags and cycle count wherever a
 * turn ends, the timeout taken at the same pass; a pass with an instruction outside the modelled
 * set is not skipped; and Debian's real bootloaders answer the same, to the cycle.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { IdleLoopSkip } from '../../src/boards/sim/idle-loop-skip.js';
import { fusesForBootloader } from '../../src/boards/sim/fuses.js';
import { ATMEGA2560_MEGA } from '../../src/boards/sim/atmega2560-mega.js';
import { ATMEGA328P_UNO, Mcu } from '../../src/boards/sim/mcu.js';
import { UsartLink } from '../../src/boards/sim/usart-link.js';
import { parseProgramImage } from '../../src/firmware/program-image.js';

const CYCLES_PER_MS = ATMEGA328P_UNO.clockHz / 1000;
/** The pacer's usual turn: 2 ms of simulated time, then the host may act. */
const TURN = 2 * CYCLES_PER_MS;

const UCSR0A = 0xc0;
const UCSR0B = 0xc1;
const UBRR0L = 0xc4;
const UDR0 = 0xc6;
const SREG_IO = 0x3f;

/** A program, with labels: words, a label's definition, or an instruction that jumps to one. */
type Item = number[] | { label: string } | { to: string; encode: (offset: number) => number };

/** AVR instructions, encoded as the datasheet's instruction set manual gives them (words). */
const avr = {
  ldi: (d: number, k: number) => [0xe000 | ((k & 0xf0) << 4) | ((d - 16) << 4) | (k & 0x0f)],
  lds: (d: number, address: number) => [0x9000 | (d << 4), address],
  sts: (address: number, r: number) => [0x9200 | (r << 4), address],
  in: (d: number, a: number) => [0xb000 | ((a & 0x30) << 5) | (d << 4) | (a & 0x0f)],
  mov: (d: number, r: number) => [0x2c00 | ((r & 0x10) << 5) | (d << 4) | (r & 0x0f)],
  twoRegister: (bits: number) => (d: number, r: number) => [bits | ((r & 0x10) << 5) | (d << 4) | (r & 0x0f)],
  subi: (d: number, k: number) => [0x5000 | ((k & 0xf0) << 4) | ((d - 16) << 4) | (k & 0x0f)],
  sbrs: (r: number, bit: number) => [0xfe00 | (r << 4) | bit],
  sbrc: (r: number, bit: number) => [0xfc00 | (r << 4) | bit],
  inc: (d: number) => [0x9403 | (d << 4)],
  nop: () => [0x0000],
  label: (label: string): Item => ({ label }),
  rjmp: (to: string): Item => ({ to, encode: (offset) => 0xc000 | (offset & 0xfff) }),
  /** brbs s (brcs: s = 0, breq: s = 1) and brbc s (brcc, brne). */
  brbs: (s: number, to: string): Item => ({ to, encode: (offset) => 0xf000 | ((offset & 0x7f) << 3) | s }),
  brbc: (s: number, to: string): Item => ({ to, encode: (offset) => 0xf400 | ((offset & 0x7f) << 3) | s }),
};
const sub = avr.twoRegister(0x1800);
const sbc = avr.twoRegister(0x0800);
const cp = avr.twoRegister(0x1400);
const cpc = avr.twoRegister(0x0400);

/** Where the programs below start: past the interrupt vectors, reached by the reset vector. */
const START = 0x40;

/** Assembles `items` at START in an otherwise empty (erased) flash; rjmp/branch offsets from their labels. */
function flash(items: Item[]): Uint16Array {
  const labels = new Map<string, number>();
  let address = START;
  for (const item of items) {
    if ('label' in item) labels.set(item.label, address);
    else address += 'to' in item ? 1 : item.length;
  }
  const words: number[] = [];
  for (const item of items) {
    if ('label' in item) continue;
    if ('to' in item) words.push(item.encode(labels.get(item.to)! - (START + words.length) - 1));
    else words.push(...item);
  }
  const image = new Uint16Array(ATMEGA328P_UNO.flashBytes / 2).fill(0xffff);
  image[0] = 0xc000 | ((START - 1) & 0xfff); // rjmp START
  image.set(words, START);
  return image;
}

/** Waits for room in the transmitter (r25 scratch), then sends register r. */
const send = (r: number, n: number): Item[] => [avr.label(`send${n}`), avr.lds(25, UCSR0A), avr.sbrs(25, 5), avr.rjmp(`send${n}`), avr.sts(UDR0, r)];

/** Sends a marker byte, then r12..r15 and the SREG captured in r16 (r24 scratch). */
let reports = 0;
function report(marker: number, counter: number[]): Item[] {
  const n = reports++ * 10;
  return [avr.in(16, SREG_IO), avr.ldi(24, marker), ...send(24, n), ...counter.flatMap((r, i) => send(r, n + 1 + i)), ...send(16, n + 9)];
}

const usartSetup: Item[] = [
  avr.ldi(16, 16), // 57600 baud at 16 MHz (UBRR 16)
  avr.sts(UBRR0L, 16),
  avr.ldi(16, 0x18), // RXEN0 | TXEN0
  avr.sts(UCSR0B, 16),
];

/**
 * ATmegaBOOT's getch(), as its 0x78ea..0x790a: poll RXC0, else count r12..r15 up by one (sub and sbc
 * of 0xFF) and compare with `limit` (cp/cpc against ldi'd bytes and r1), looping while below it.
 * On a byte: report 'B', the counter and SREG (the last pass's flags), echo the byte, start again;
 * on the timeout: report 'T', the counter and SREG, start again. `extra` goes into the loop's pass.
 */
function countingGetch(limit: number, extra: number[][] = []): Uint16Array {
  const counter = [12, 13, 14, 15];
  return flash([
    ...usartSetup,
    avr.label('restart'),
    ...counter.map((r) => avr.mov(r, 1)),
    avr.label('loop'),
    avr.lds(24, UCSR0A),
    avr.sbrc(24, 7),
    avr.rjmp('got'),
    ...extra,
    avr.ldi(24, 0xff),
    sub(12, 24),
    sbc(13, 24),
    sbc(14, 24),
    sbc(15, 24),
    avr.ldi(24, limit & 0xff),
    cp(12, 24),
    avr.ldi(24, (limit >> 8) & 0xff),
    cpc(13, 24),
    avr.ldi(24, (limit >> 16) & 0xff),
    cpc(14, 24),
    cpc(15, 1),
    avr.brbs(0, 'loop'), // brcs
    ...report(0x54, counter), // 'T'
    avr.rjmp('restart'),
    avr.label('got'),
    ...report(0x42, counter), // 'B'
    avr.lds(17, UDR0),
    ...send(17, 1000),
    avr.rjmp('restart'),
  ]);
}

/**
 * STK500v2's recchar_timeout() as its 0x3e700..0x3e710: r20..r23 start at `count` and go down by
 * one (subi 1, sbc r1 ×3) until zero (brne), polling RXC0 on every pass.
 */
function countdownGetch(count: number): Uint16Array {
  const counter = [20, 21, 22, 23];
  return flash([
    ...usartSetup,
    avr.label('restart'),
    ...counter.map((r, i) => avr.ldi(r, (count >> (8 * i)) & 0xff)),
    avr.label('loop'),
    avr.lds(25, UCSR0A),
    avr.sbrc(25, 7),
    avr.rjmp('got'),
    avr.subi(20, 1),
    sbc(21, 1),
    sbc(22, 1),
    sbc(23, 1),
    avr.brbc(1, 'loop'), // brne
    ...report(0x54, counter),
    avr.rjmp('restart'),
    avr.label('got'),
    ...report(0x42, counter),
    avr.lds(17, UDR0),
    ...send(17, 1001),
    avr.rjmp('restart'),
  ]);
}

interface Run {
  /** Every byte the MCU sent, with the cycle it was written to UDR0 at. */
  sent: Array<[byte: number, cycle: number]>;
  ranCycles: number;
  skippedCycles: number;
}

/**
 * Turns of 2 simulated ms for `ms`; the host sends `bytes[at]` 1000 cycles into the turn that starts
 * at `at` ms. It sends from a clock event, at the same cycle with or without the skip: a turn that
 * skips ends on its loop's anchor, up to one pass past the turn's end, and bytes sent between turns
 * would land that much later.
 */
function run(program: Uint16Array, skipIdle: boolean, ms: number, bytes: Record<number, number> = {}, mcu = new Mcu(program)): Run {
  const link = new UsartLink(mcu);
  const idle = skipIdle ? new IdleLoopSkip(mcu) : undefined;
  const sent: Run['sent'] = [];
  link.onTransmit = (byte) => sent.push([byte, mcu.cycles]);
  for (let at = 0; at < ms; at += 2) {
    const byte = bytes[at];
    if (byte !== undefined) mcu.cpu.addClockEvent(() => link.send([byte]), at * CYCLES_PER_MS + 1000 - mcu.cycles);
    const target = (at + 2) * CYCLES_PER_MS;
    if (!idle) mcu.runUntil(target);
    else {
      idle.runUntil(target);
      idle.invalidate();
    }
  }
  return { sent, ranCycles: mcu.cycles, skippedCycles: idle?.stats.skippedCycles ?? 0 };
}

/** What the program reported: each marker with its counter (little-endian) and SREG. */
function reportsOf(sent: Run['sent']): Array<[marker: string, count: number, sreg: number]> {
  const found: Array<[string, number, number]> = [];
  for (let i = 0; i + 5 < sent.length; i++) {
    const marker = sent[i]![0];
    if (marker !== 0x54 && marker !== 0x42) continue;
    const [b0, b1, b2, b3, sreg] = sent.slice(i + 1, i + 6).map(([byte]) => byte);
    found.push([String.fromCharCode(marker), b0! | (b1! << 8) | (b2! << 16) | (b3! << 24), sreg!]);
    i += 5;
  }
  return found;
}

describe('skipping a receive loop that counts its own timeout (ATmegaBOOT getch)', () => {
  // ATmegaBOOT's own limit: 0x000F4241 passes of 17 cycles, about 1.04 s.
  const program = countingGetch(0x000f4241);
  const bytes = { 100: 0x30, 340: 0x20, 342: 0x41, 700: 0x42 };

  it('answers each byte that lands mid-wait at the same cycle, with the same count and flags, as when every cycle is executed', () => {
    const executed = run(program, false, 800, bytes);
    const skipped = run(program, true, 800, bytes);
    assert.deepEqual(
      reportsOf(executed.sent).map(([marker]) => marker),
      ['B', 'B', 'B', 'B'],
    );
    assert.deepEqual(skipped.sent, executed.sent);
    assert.ok(skipped.skippedCycles > skipped.ranCycles * 0.9, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });

  it('takes the timeout at the same cycle, with the same count and flags, as when every cycle is executed', () => {
    const executed = run(program, false, 2_300);
    const skipped = run(program, true, 2_300);
    const timeouts = reportsOf(executed.sent);
    assert.deepEqual(timeouts.map(([marker, count]) => [marker, count]), [
      ['T', 0x000f4241],
      ['T', 0x000f4241],
    ]);
    assert.deepEqual(skipped.sent, executed.sent);
    assert.ok(skipped.skippedCycles > skipped.ranCycles * 0.9, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });

  it('leaves every register, SREG and the cycle count as executing every pass would, wherever a turn ends', () => {
    const skippedMcu = new Mcu(program);
    const idle = new IdleLoopSkip(skippedMcu);
    const executedMcu = new Mcu(program);
    for (const ms of [3, 50, 51, 400, 1_039, 1_050]) {
      idle.runUntil(ms * CYCLES_PER_MS);
      executedMcu.runUntil(skippedMcu.cycles);
      assert.equal(executedMcu.cycles, skippedMcu.cycles, `cycles at ${ms} ms`);
      assert.equal(executedMcu.cpu.pc, skippedMcu.cpu.pc, `pc at ${ms} ms`);
      assert.deepEqual([...skippedMcu.cpu.data.subarray(0, 0x60)], [...executedMcu.cpu.data.subarray(0, 0x60)], `registers and I/O at ${ms} ms`);
    }
    assert.ok(idle.stats.skips > 0);
  });
});

describe("skipping a receive loop that counts down to its timeout (STK500v2's recchar_timeout)", () => {
  const program = countdownGetch(0x012345);

  it('answers bytes and takes its timeouts at the same cycles, with the same count and flags, as when every cycle is executed', () => {
    const bytes = { 10: 0x55, 30: 0x66 };
    const executed = run(program, false, 300, bytes);
    const skipped = run(program, true, 300, bytes);
    const seen = reportsOf(executed.sent);
    // 0x012345 passes of 9 cycles: a timeout every 42 ms once the bytes are answered.
    assert.deepEqual(
      seen.map(([marker]) => marker).slice(0, 3),
      ['B', 'B', 'T'],
    );
    assert.ok(seen.slice(2).every(([marker]) => marker === 'T'));
    assert.ok(seen.filter(([marker]) => marker === 'T').every(([, count]) => count === 0));
    assert.deepEqual(skipped.sent, executed.sent);
    assert.ok(skipped.skippedCycles > skipped.ranCycles * 0.9, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });
});

describe('a counting loop with an instruction outside the modelled set', () => {
  it('is not skipped (a second counter, inc r16, in its pass), and runs as executed', () => {
    const program = countingGetch(0x4000, [avr.inc(16)]);
    const executed = run(program, false, 100, { 20: 0x31 });
    const skipped = run(program, true, 100, { 20: 0x31 });
    // Only its reports' waits for room to send are skipped (the plain idle proof), under 5%.
    assert.ok(skipped.skippedCycles < skipped.ranCycles * 0.05, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
    assert.deepEqual(skipped.sent, executed.sent);
  });

  it('is skipped with a nop in the same place instead (the control)', () => {
    const program = countingGetch(0x4000, [avr.nop()]);
    const executed = run(program, false, 100, { 20: 0x31 });
    const skipped = run(program, true, 100, { 20: 0x31 });
    assert.ok(skipped.skippedCycles > skipped.ranCycles * 0.9, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
    assert.deepEqual(skipped.sent, executed.sent);
  });
});

/**
 * Other counters the proof covers: a loop polling RXC0 around `pass`, restarted by `init` when it
 * leaves; run with and without the skip and compared, registers, SREG and cycles, at turn ends.
 */
function sameStateAsExecuted(init: Item[], pass: Item[]): void {
  const program = flash([...usartSetup, avr.label('restart'), ...init, avr.label('loop'), avr.lds(24, UCSR0A), avr.sbrc(24, 7), avr.rjmp('restart'), ...pass, avr.rjmp('restart')]);
  const skippedMcu = new Mcu(program);
  const idle = new IdleLoopSkip(skippedMcu);
  const executedMcu = new Mcu(program);
  for (let ms = 1; ms <= 120; ms += 7) {
    idle.runUntil(ms * CYCLES_PER_MS);
    executedMcu.runUntil(skippedMcu.cycles);
    assert.equal(executedMcu.cycles, skippedMcu.cycles, `cycles at ${ms} ms`);
    assert.equal(executedMcu.cpu.pc, skippedMcu.cpu.pc, `pc at ${ms} ms`);
    assert.deepEqual([...skippedMcu.cpu.data.subarray(0, 0x60)], [...executedMcu.cpu.data.subarray(0, 0x60)], `registers and I/O at ${ms} ms`);
  }
  assert.ok(idle.stats.skippedCycles > skippedMcu.cycles / 2, `${idle.stats.skippedCycles} of ${skippedMcu.cycles} cycles skipped`);
}

describe('other counting loops, state for state as executed', () => {
  const adiw = (pair: number, k: number): Item => [0x9600 | ((k & 0x30) << 2) | (((pair - 24) / 2) << 4) | (k & 0x0f)];
  const sbiw = (pair: number, k: number): Item => [0x9700 | ((k & 0x30) << 2) | (((pair - 24) / 2) << 4) | (k & 0x0f)];
  const cpi = (d: number, k: number): Item => [0x3000 | ((k & 0xf0) << 4) | ((d - 16) << 4) | (k & 0x0f)];
  const sbci = (d: number, k: number): Item => [0x4000 | ((k & 0xf0) << 4) | ((d - 16) << 4) | (k & 0x0f)];

  it('adiw by 1, cpi/cpc against 0x5000, brcs', () => {
    sameStateAsExecuted([avr.ldi(26, 0), avr.ldi(27, 0)], [adiw(26, 1), cpi(26, 0x00), avr.ldi(18, 0x50), cpc(27, 18), avr.brbs(0, 'loop')]);
  });

  it('sbiw by 3 until zero (brne) from 40000: the count wraps past zero instead, and goes on', () => {
    sameStateAsExecuted([avr.ldi(26, 40000 & 0xff), avr.ldi(27, 40000 >> 8)], [sbiw(26, 3), avr.brbc(1, 'loop')]);
  });

  it('subi/sbci adding 2, the bound first (cp K, count), brcc', () => {
    // Loops while not (0x7000 < count).
    sameStateAsExecuted(
      [avr.ldi(20, 0), avr.ldi(21, 0)],
      [avr.subi(20, 0xfe), sbci(21, 0xff), avr.ldi(18, 0x00), cp(18, 20), avr.ldi(18, 0x70), cpc(18, 21), avr.brbc(0, 'loop')],
    );
  });

  it('add of a register set by ldi, with carry into a second byte, looping until the carry (brcc)', () => {
    sameStateAsExecuted([avr.ldi(20, 0x10), avr.ldi(21, 0x00)], [avr.ldi(18, 5), avr.twoRegister(0x0c00)(20, 18), avr.twoRegister(0x1c00)(21, 1), avr.brbc(0, 'loop')]);
  });
});

const ATMEGABOOT = '/usr/share/arduino/hardware/arduino/avr/bootloaders/atmega/ATmegaBOOT_168_atmega328.hex';

describe("Debian's ATmegaBOOT on an empty Uno", { skip: existsSync(ATMEGABOOT) ? false : `${ATMEGABOOT} is missing (apt-get install arduino-core-avr)` }, () => {
  it('waits for its timeout and answers a sync the same, to the cycle, with its getch() loop skipped', () => {
    const image = parseProgramImage(readFileSync(ATMEGABOOT, 'utf8'), ATMEGA328P_UNO.flashBytes);
    const fuses = fusesForBootloader(0x7800, ATMEGA328P_UNO.flashBytes);
    // '0' ' ' (STK_GET_SYNC, CRC_EOP) twice mid-wait; then silence until its timeout.
    const bytes = { 300: 0x30, 302: 0x20, 500: 0x30, 502: 0x20 };
    const executed = run(image, false, 1_800, bytes, new Mcu(image, ATMEGA328P_UNO, { fuses }));
    const skipped = run(image, true, 1_800, bytes, new Mcu(image, ATMEGA328P_UNO, { fuses }));
    assert.deepEqual(
      executed.sent.map(([byte]) => byte),
      [0x14, 0x10, 0x14, 0x10],
    );
    assert.deepEqual(skipped.sent, executed.sent);
    assert.ok(skipped.skippedCycles > skipped.ranCycles / 2, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });
  // The answers make a run of failed proofs (each byte sent touches UDR0): a fresh anchor's first
  // visit used to end it at once, and 8,192 cycles then ran with no anchor at each try (89.9 % of
  // the cycles skipped here, against 98.6 %).
  it('reads a page back as avrdude asks, answering the same to the cycle, with its waits skipped between the bytes and its answers', () => {
    const image = parseProgramImage(readFileSync(ATMEGABOOT, 'utf8'), ATMEGA328P_UNO.flashBytes);
    const fuses = fusesForBootloader(0x7800, ATMEGA328P_UNO.flashBytes);
    // STK_GET_SYNC; STK_LOAD_ADDRESS 0; STK_READ_PAGE of 128 bytes of flash (erased: 0xFF), three times.
    const request = [0x30, 0x20, 0x55, 0x00, 0x00, 0x20, 0x74, 0x00, 0x80, 0x46, 0x20];
    // A request every 80 ms, a byte every 2 ms: the answer (23 ms at 57600 baud) is over before the next.
    const bytes = Object.fromEntries([0, 1, 2].flatMap((n) => request.map((byte, i) => [300 + 80 * n + 2 * i, byte])));
    const ms = 300 + 3 * 80 + 50;
    const executed = run(image, false, ms, bytes, new Mcu(image, ATMEGA328P_UNO, { fuses }));
    const skipped = run(image, true, ms, bytes, new Mcu(image, ATMEGA328P_UNO, { fuses }));
    const answer = [0x14, 0x10, 0x14, 0x10, 0x14, ...new Array<number>(128).fill(0xff), 0x10];
    assert.deepEqual(executed.sent.map(([byte]) => byte), [...answer, ...answer, ...answer]);
    assert.deepEqual(skipped.sent, executed.sent);
    assert.ok(skipped.skippedCycles > skipped.ranCycles * 0.97, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });
});

const STK500V2_MEGA = '/usr/share/arduino/hardware/arduino/avr/bootloaders/stk500v2/stk500boot_v2_mega2560.hex';

describe("Debian's STK500v2 bootloader on an empty Mega 2560", { skip: existsSync(STK500V2_MEGA) ? false : `${STK500V2_MEGA} is missing (apt-get install arduino-core-avr)` }, () => {
  it('answers a sign-on the same, to the cycle, with its recchar_timeout() loop skipped between the bytes', () => {
    const image = parseProgramImage(readFileSync(STK500V2_MEGA, 'utf8'), ATMEGA2560_MEGA.flashBytes);
    const fuses = fusesForBootloader(0x3e000, ATMEGA2560_MEGA.flashBytes);
    // CMD_SIGN_ON in an STK500v2 frame (start, sequence 1, size 1, token, body, XOR checksum), a
    // byte every 10 ms: the first ends the wait after reset (run in full: its pass calls a
    // division), the others land in recchar_timeout().
    const frame = [0x1b, 0x01, 0x00, 0x01, 0x0e, 0x01, 0x14];
    const bytes = Object.fromEntries(frame.map((byte, i) => [100 + 10 * i, byte]));
    const executed = run(image, false, 300, bytes, new Mcu(image, ATMEGA2560_MEGA, { fuses }));
    const skipped = run(image, true, 300, bytes, new Mcu(image, ATMEGA2560_MEGA, { fuses }));
    // The answer: the frame around STATUS_CMD_OK and "AVRISP_2".
    assert.deepEqual(executed.sent.slice(5, 16).map(([byte]) => byte), [0x01, 0x00, 0x08, ...Buffer.from('AVRISP_2')]);
    assert.deepEqual(skipped.sent, executed.sent);
    assert.ok(skipped.skippedCycles > skipped.ranCycles * 0.5, `${skipped.skippedCycles} of ${skipped.ranCycles} cycles skipped`);
  });
});
