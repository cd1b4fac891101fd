/**
 * The Arduino AVR core's delay(), recognised in a firmware's code, so that the idle-loop skip
 * (idle-loop-skip.ts) can jump over its passes. delay(ms) waits by calling micros() until 1000 µs
 * have gone by, once per millisecond:
 *
 *     while (ms > 0) { yield(); while (ms > 0 && (uint16_t)(micros() - start) >= 1000) { ms--; start += 1000; } }
 *
 * and micros() reads timer 0's counter, so no pass of the loop equals the one before: the plain
 * proof (two identical visits) never holds, and a StandardFirmata boot spends 1.9 simulated seconds
 * in it (its version blink), a Blink sketch nearly all its time.
 *
 * The proof here is the code itself. The words of the loop (and of micros() and yield() when they
 * are called, not inlined) are compared with the ones avr-gcc makes of the core's source, as the
 * Arduino IDE's toolchain compiles it for a 16 MHz ATmega (TEMPLATES below, taken from the hexes
 * pinmesh ships and tests with); only the addresses a link moves (the overflow count's, the called
 * functions') may differ. Any other code, another compiler's, another clock's, is not recognised and
 * simply runs. For the code recognised, a pass that takes the way back to the loop's head
 *  - reads timer 0's overflow count m (4 bytes of SRAM, written only by its overflow interrupt),
 *    TCNT0 as t, and TOV0 (clear while the interrupt keeps up), with interrupts off meanwhile;
 *  - loops back while (m·1024 + 4t − start) mod 65536 < 1000, start being two registers the pass
 *    never writes (its micros() is (m·256 + t)·4, of which the loop keeps 16 bits);
 *  - writes nothing else that the next pass reads: the other registers it writes (micros()'s) are
 *    written before they are read, on every pass; it writes no SRAM but its own return addresses,
 *    the same on every pass, below the stack pointer; it leaves SREG's I flag as it found it.
 * So between two of timer 0's events (no overflow, no TOV0, m fixed), every pass runs the same
 * instructions in the same cycles, and whether it loops depends only on t, which grows with time:
 * if the condition holds for every t from the counter's value now to its value at the end of pass
 * n, passes 1..n all loop (passesThatLoop()). The skip applies n - 1 of them (the cycles) and
 * executes the n-th, so registers and flags come out of avr8js itself.
 */
import type { AVRTimer, CPU } from 'avr8js';
import { readTimer } from './timer-horizon.js';

/** One word of a template: the opcode, or a word the linker decides. */
type TemplateWord = number | 'counter' | 'yield' | 'micros';

interface Template {
  name: string;
  /** The loop's words from its head to its last one, the branch back to the head. */
  loop: readonly TemplateWord[];
  /** For a loop that calls micros(): its words (yield(), if called, is a bare ret). */
  micros?: readonly TemplateWord[];
  /** Where the head is from the TCNT0 read: `readAt` words before it (inlined), or `returnAt` words before micros()'s return address (called). */
  readAt?: number;
  returnAt?: number;
  /** The registers holding delay()'s `ms` that the pass tests for 0 (called form), and `start` (low, high). */
  msRegisters: readonly number[];
  startRegisters: readonly [number, number];
}

const RET = 0x9508;

/** micros() as its own function, then the loop that calls it (Uno: StandardFirmata, Blink). */
const CALLED: Template = {
  name: 'delay() calling micros()',
  // cp r12,r1; cpc r13..r15,r1; breq out; call yield; call micros; sub r22,r28; sbc r23,r29; cpi r22,0xe8; sbci r23,0x03; brcs head
  loop: [0x14c1, 0x04d1, 0x04e1, 0x04f1, 0xf089, 0x940e, 'yield', 0x940e, 'micros', 0x1b6c, 0x0b7d, 0x3e68, 0x4073, 0xf390],
  // in r19,SREG; cli; lds r24..r27,count; in r18,TCNT0; sbis TIFR0,TOV0; rjmp; cpi r18,0xff; breq; adiw r24,1; adc r26,r1; adc r27,r1;
  // out SREG,r19; eor r22,r22; mov r23..r25,r24..r26; add r22,r18; adc r23..r25,r1; ldi r20,2; (add r22,r22; adc r23..r25; dec r20; brne); ret
  micros: [
    0xb73f, 0x94f8, 0x9180, 'counter', 0x9190, 'counter', 0x91a0, 'counter', 0x91b0, 'counter', 0xb526, 0x9ba8, 0xc005, 0x3f2f, 0xf019, 0x9601,
    0x1da1, 0x1db1, 0xbf3f, 0x2766, 0x2f78, 0x2f89, 0x2f9a, 0x0f62, 0x1d71, 0x1d81, 0x1d91, 0xe042, 0x0f66, 0x1f77, 0x1f88, 0x1f99, 0x954a,
    0xf7d1, RET,
  ],
  returnAt: 9,
  msRegisters: [12, 13, 14, 15],
  startRegisters: [28, 29],
};

/** micros() inlined into the loop (Nano and Mega StandardFirmata, Mega Blink). */
const INLINED: Template = {
  name: 'delay() with micros() inlined',
  // in r31,SREG; cli; lds r24..r27,count; in r30,TCNT0; sbis TIFR0,TOV0; rjmp; cpi r30,0xff; breq; adiw r24,1; adc r26,r1; adc r27,r1;
  // out SREG,r31; mov r27..r25,r26..r24; eor r24,r24; add r24,r30; adc r25..r27,r1; ldi r30,2; (add; adc ×3; dec r30; brne);
  // sub r24,r22; sbc r25,r23; subi r24,0xe8; sbci r25,0x03; brcs head
  loop: [
    0xb7ff, 0x94f8, 0x9180, 'counter', 0x9190, 'counter', 0x91a0, 'counter', 0x91b0, 'counter', 0xb5e6, 0x9ba8, 0xc005, 0x3fef, 0xf019, 0x9601,
    0x1da1, 0x1db1, 0xbfff, 0x2fba, 0x2fa9, 0x2f98, 0x2788, 0x0f8e, 0x1d91, 0x1da1, 0x1db1, 0xe0e2, 0x0f88, 0x1f99, 0x1faa, 0x1fbb, 0x95ea,
    0xf7d1, 0x1b86, 0x0b97, 0x5e88, 0x4093, 0xf2c8,
  ],
  readAt: 10,
  msRegisters: [],
  startRegisters: [22, 23],
};

const TEMPLATES: readonly Template[] = [CALLED, INLINED];

/** The data addresses both templates read: TCNT0 (in 0x26) and TIFR0's TOV0 (sbis 0x15, 0). */
const TCNT0 = 0x46;
const TIFR0 = 0x35;
const TOV0 = 0x01;
/** micros() per count of timer 0 at 16 MHz with its prescaler of 64 (the templates' shift by 2). */
const MICROS_PER_COUNT = 4;
/** What the loop waits for, in µs (the templates' cpi/sbci 0x03e8). */
const WAIT_MICROS = 1000;

/** avr8js's TimerMode values the proof covers: counting up, wrapping at TOP. */
const NORMAL = 0;
const FAST_PWM = 3;

export interface DelayLoop {
  /** Word address of the loop's head, and of its last instruction (the branch back). */
  head: number;
  back: number;
  /** Data address of timer 0's overflow count (4 bytes, little-endian). */
  overflowCount: number;
  msRegisters: readonly number[];
  startRegisters: readonly [number, number];
}

/** The data address of TCNT0, whose reads tell where a delay() loop may be. */
export const DELAY_TIMER_COUNTER = TCNT0;

/**
 * The heads a delay() loop would have, given the word address of an instruction that just read
 * TCNT0 and the return address on top of the stack (of the function that read it), if any.
 */
export function delayHeadCandidates(readPc: number, returnAddress: number | undefined): number[] {
  const heads: number[] = [];
  for (const template of TEMPLATES) {
    if (template.readAt !== undefined) heads.push(readPc - template.readAt);
    if (template.returnAt !== undefined && returnAddress !== undefined) heads.push(returnAddress - template.returnAt);
  }
  return heads.filter((head) => head >= 0);
}

/** The delay() loop whose head is `head`, if the code there is one of the templates. */
export function matchDelayLoop(flash: Uint16Array, head: number): DelayLoop | undefined {
  for (const template of TEMPLATES) {
    const loop = matchAt(flash, head, template.loop);
    if (!loop) continue;
    let counter = loop.counter;
    if (template.micros) {
      if (loop.micros === undefined || loop.yield === undefined || flash[loop.yield] !== RET) continue;
      const micros = matchAt(flash, loop.micros, template.micros);
      if (!micros) continue;
      counter = micros.counter;
    }
    if (counter === undefined) continue;
    return {
      head,
      back: head + template.loop.length - 1,
      overflowCount: counter,
      msRegisters: template.msRegisters,
      startRegisters: template.startRegisters,
    };
  }
  return undefined;
}

interface Captures {
  counter?: number;
  yield?: number;
  micros?: number;
}

/** The template's words at `at`, with the linker's words captured; the four count addresses must follow each other. */
function matchAt(flash: Uint16Array, at: number, words: readonly TemplateWord[]): Captures | undefined {
  if (at + words.length > flash.length) return undefined;
  const captures: Captures = {};
  let countBytes = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const actual = flash[at + i]!;
    if (typeof word === 'number') {
      if (actual !== word) return undefined;
    } else if (word === 'counter') {
      if (countBytes === 0) captures.counter = actual;
      else if (actual !== captures.counter! + countBytes) return undefined;
      countBytes++;
    } else {
      // A call's target (the template's word before it is the call with no high address bits).
      captures[word] = actual;
    }
  }
  return captures;
}

/**
 * How many passes from now (the CPU on the loop's head, each pass `period` cycles, as one that
 * loops back was just measured) surely loop back, with timer 0 counting as avr8js counts it: all of
 * them end before the counter's next overflow. 0 when the state is not one the proof covers.
 */
export function passesThatLoop(loop: DelayLoop, cpu: CPU, timer: AVRTimer, period: number): number {
  const data = cpu.data;
  const t = readTimer(timer);
  if (!t || t.tcntUpdated || t.updateDivider || !(t.divider > 0) || t.TOP !== 0xff) return 0;
  if (t.timerMode !== NORMAL && t.timerMode !== FAST_PWM) return 0;
  if (data[TIFR0]! & TOV0 || data[1] !== 0) return 0; // TOV0 pending (micros() would add one); r1 is not zero
  if (loop.msRegisters.length > 0 && loop.msRegisters.every((reg) => data[reg] === 0)) return 0;
  const now = cpu.cycles;
  if (now < t.lastCycle || !(period > 0)) return 0;
  const countAt = (cycle: number): number => t.tcnt + Math.floor((cycle - t.lastCycle) / t.divider);
  // The counter wraps (an overflow: TOV0, the interrupt, m + 1) at this cycle: every pass ends before.
  const overflowAt = t.lastCycle + (t.TOP + 1 - t.tcnt) * t.divider;
  const m = data[loop.overflowCount]! | (data[loop.overflowCount + 1]! << 8);
  const start = data[loop.startRegisters[0]]! | (data[loop.startRegisters[1]]! << 8);
  const first = countAt(now);
  const elapsed = (((m * 1024 + MICROS_PER_COUNT * first - start) % 65536) + 65536) % 65536;
  if (elapsed >= WAIT_MICROS) return 0;
  // Every count from `first` to `last` keeps the elapsed time under the wait (no wrap of 16 bits between).
  const last = first + Math.floor((WAIT_MICROS - 1 - elapsed) / MICROS_PER_COUNT);
  const countLimit = t.lastCycle + (last - t.tcnt + 1) * t.divider;
  const end = Math.min(overflowAt, countLimit);
  return Math.max(0, Math.floor((end - 1 - now) / period));
}

/** The timer whose counter is TCNT0 and whose overflow flag is TIFR0's TOV0, if the chip has it. */
export function delayTimer(timers: readonly AVRTimer[], configs: ReadonlyArray<{ TCNT: number; TIFR: number; TOV: number }>): AVRTimer | undefined {
  const index = configs.findIndex((config) => config.TCNT === TCNT0 && config.TIFR === TIFR0 && config.TOV === TOV0);
  return index >= 0 ? timers[index] : undefined;
}
