/**
 * Decodes the one path a firmware loop takes from its anchor back to it, for the counting-loop
 * proof (counting-loop.ts): the instructions in the order they run, each with the cycles avr8js
 * charges for it. Only a small set of instructions is decoded, the ones a timeout counter of a
 * bootloader's receive loop is made of; meeting any other one, or a path that leaves without
 * coming back, gives undefined (no proof, the loop simply runs).
 *
 * The path is decided here, not guessed: a skip instruction (sbrc/sbrs/sbic/sbis) may only test a
 * register loaded earlier on the same path (by ldi, or from an event-driven status register) or an
 * event-driven I/O register, whose value is read now; only a clock event changes it, and the skip
 * never goes past one. The one conditional branch must be the path's last instruction, one of its
 * two ways leading back to the anchor: the way out is what the counting proof bounds.
 */
import type { CPU } from 'avr8js';

/** The SREG flags a branch may test: only these two have a proven meaning on a counter. */
export const FLAG_C = 0;
export const FLAG_Z = 1;

/** sub/sbc/add/adc/cp/cpc with a register operand, their immediate forms, adiw/sbiw. */
export type ArithmeticOp = 'sub' | 'sbc' | 'add' | 'adc' | 'cp' | 'cpc' | 'adiw' | 'sbiw';

export type LoopStep =
  | { kind: 'ldi'; d: number; k: number }
  /** lds or in of an event-driven status register. */
  | { kind: 'load'; d: number; address: number }
  /** sbrc/sbrs (reg) or sbic/sbis (an event-driven I/O address), with the way it goes now. */
  | { kind: 'skip'; reg: number | undefined; skipped: boolean }
  | { kind: 'jump' }
  | { kind: 'nop' }
  /** d is the destination (the low register of adiw/sbiw); r a register operand, else k an immediate. */
  | { kind: 'arith'; op: ArithmeticOp; d: number; r: number | undefined; k: number }
  /** The loop's last instruction: back to the anchor while `flag` equals `loopsWhen`. */
  | { kind: 'branch'; flag: number; loopsWhen: boolean };

export type ArithmeticStep = Extract<LoopStep, { kind: 'arith' }>;

export interface LoopPath {
  anchor: number;
  steps: LoopStep[];
  /** Cycles of one pass, anchor to anchor, as avr8js counts them. */
  period: number;
}

/** Longest path decoded, in instructions. */
const MAX_STEPS = 48;

/** avr8js skips two words over these (lds, sts, call, jmp). */
function twoWords(opcode: number): boolean {
  return (opcode & 0xfe0f) === 0x9000 || (opcode & 0xfe0f) === 0x9200 || (opcode & 0xfe0e) === 0x940e || (opcode & 0xfe0e) === 0x940c;
}

/** 5-bit Rd of the two-register and single-register forms. */
const regD = (opcode: number): number => (opcode & 0x1f0) >> 4;
/** 5-bit Rr of the two-register forms. */
const regR = (opcode: number): number => (opcode & 0xf) | ((opcode & 0x200) >> 5);
/** Rd (r16..r31) and K of the immediate forms (ldi, subi, sbci, cpi). */
const upperD = (opcode: number): number => ((opcode & 0xf0) >> 4) + 16;
const immediate = (opcode: number): number => (opcode & 0xf) | ((opcode & 0xf00) >> 4);
/** Where rjmp (1100 kkkk kkkk kkkk, k signed) at `pc` goes. */
const rjmpTarget = (pc: number, opcode: number): number => pc + 1 + ((opcode & 0x7ff) - (opcode & 0x800 ? 0x800 : 0));
/** Where brbs/brbc (1111 0xkk kkkk ksss, k signed) at `pc` goes when it branches. */
const branchTarget = (pc: number, opcode: number): number => pc + 1 + (((opcode & 0x1f8) >> 3) - (opcode & 0x200 ? 0x40 : 0));

/**
 * The path from `anchor` back to it, decoded against the machine as it is now, or undefined.
 * `eventDriven`: the data addresses whose reads are side-effect free and change only at a clock event.
 */
export function decodeLoopPath(cpu: CPU, anchor: number, eventDriven: ReadonlySet<number>): LoopPath | undefined {
  const flash = cpu.progMem;
  const data = cpu.data;
  const steps: LoopStep[] = [];
  /** Value of each register loaded on the path so far (ldi or an event-driven load). */
  const loaded = new Map<number, number>();
  let pc = anchor;
  let period = 0;
  while (steps.length < MAX_STEPS) {
    const opcode = flash[pc]!;
    let next = pc + 1;
    let cycles = 1;
    let step: LoopStep;
    if ((opcode & 0xf000) === 0xe000) {
      step = { kind: 'ldi', d: upperD(opcode), k: immediate(opcode) };
      loaded.set(step.d, step.k);
    } else if ((opcode & 0xfe0f) === 0x9000 || (opcode & 0xf800) === 0xb000) {
      const isLds = (opcode & 0xfe0f) === 0x9000;
      const address = isLds ? flash[pc + 1]! : ((opcode & 0xf) | ((opcode & 0x600) >> 5)) + 0x20;
      if (!eventDriven.has(address)) return undefined;
      step = { kind: 'load', d: regD(opcode), address };
      loaded.set(step.d, data[address]!);
      if (isLds) {
        next = pc + 2;
        cycles = 2;
      }
    } else if ((opcode & 0xfc08) === 0xfc00 || (opcode & 0xfd00) === 0x9900) {
      // sbrc/sbrs (1111 11sr rrrr 0bbb) or sbic/sbis (1001 10s1 AAAA Abbb); s: skip if set.
      const onRegister = (opcode & 0xfc08) === 0xfc00;
      const ifSet = (opcode & 0x200) !== 0;
      let value: number | undefined;
      const reg = onRegister ? regD(opcode) : undefined;
      if (reg !== undefined) value = loaded.get(reg);
      else {
        const address = ((opcode & 0xf8) >> 3) + 0x20;
        if (eventDriven.has(address)) value = data[address];
      }
      if (value === undefined) return undefined;
      const skipped = ((value >> (opcode & 7)) & 1) === (ifSet ? 1 : 0);
      if (skipped) {
        const size = twoWords(flash[pc + 1]!) ? 2 : 1;
        next += size;
        cycles += size;
      }
      step = { kind: 'skip', reg, skipped };
    } else if ((opcode & 0xf000) === 0xc000) {
      next = rjmpTarget(pc, opcode);
      cycles = 2;
      step = { kind: 'jump' };
      // An unconditional way back has no exit for the counting proof to bound.
      if (next === anchor) return undefined;
    } else if (opcode === 0x0000) {
      step = { kind: 'nop' };
    } else if ((opcode & 0xf800) === 0xf000) {
      // brbs/brbc (1111 0xkk kkkk ksss): x = 1 branches when the flag is clear.
      const flag = opcode & 7;
      if (flag !== FLAG_C && flag !== FLAG_Z) return undefined;
      const branchesWhen = (opcode & 0x400) === 0;
      const target = branchTarget(pc, opcode);
      if (target === anchor) {
        steps.push({ kind: 'branch', flag, loopsWhen: branchesWhen });
        return { anchor, steps, period: period + 2 };
      }
      if (pc + 1 === anchor) {
        steps.push({ kind: 'branch', flag, loopsWhen: !branchesWhen });
        return { anchor, steps, period: period + 1 };
      }
      return undefined;
    } else {
      const arith = decodeArithmetic(opcode);
      if (!arith) return undefined;
      step = arith;
      const wide = arith.op === 'adiw' || arith.op === 'sbiw';
      if (wide) cycles = 2;
      // A register the path computes is no longer a known value for a later skip instruction.
      if (arith.op !== 'cp' && arith.op !== 'cpc') {
        loaded.delete(arith.d);
        if (wide) loaded.delete(arith.d + 1);
      }
    }
    steps.push(step);
    period += cycles;
    if (next < 0 || next >= flash.length || next === anchor) return undefined;
    pc = next;
  }
  return undefined;
}

function decodeArithmetic(opcode: number): ArithmeticStep | undefined {
  const twoRegister: Array<[mask: number, bits: number, op: ArithmeticOp]> = [
    [0xfc00, 0x1800, 'sub'],
    [0xfc00, 0x0800, 'sbc'],
    [0xfc00, 0x0c00, 'add'],
    [0xfc00, 0x1c00, 'adc'],
    [0xfc00, 0x1400, 'cp'],
    [0xfc00, 0x0400, 'cpc'],
  ];
  for (const [mask, bits, op] of twoRegister) {
    if ((opcode & mask) === bits) return { kind: 'arith', op, d: regD(opcode), r: regR(opcode), k: 0 };
  }
  const withImmediate: Array<[bits: number, op: ArithmeticOp]> = [
    [0x5000, 'sub'], // subi
    [0x4000, 'sbc'], // sbci
    [0x3000, 'cp'], // cpi
  ];
  for (const [bits, op] of withImmediate) {
    if ((opcode & 0xf000) === bits) return { kind: 'arith', op, d: upperD(opcode), r: undefined, k: immediate(opcode) };
  }
  if ((opcode & 0xfe00) === 0x9600) {
    // adiw/sbiw (1001 011s KKdd KKKK) on r24, r26, r28, r30 and the register above.
    const op: ArithmeticOp = opcode & 0x100 ? 'sbiw' : 'adiw';
    return { kind: 'arith', op, d: 24 + 2 * ((opcode & 0x30) >> 4), r: undefined, k: (opcode & 0xf) | ((opcode & 0xc0) >> 2) };
  }
  return undefined;
}

/**
 * Where a loop that runs through `anchor` starts: the target of the first backward branch (or
 * rjmp) after it, if that lies at or before the anchor, within 32 words. The counting proof wants
 * its anchor there, so that one pass from it is the loop body in order; the choice of an anchor
 * is no part of any proof.
 */
export function loopHeadAround(cpu: CPU, anchor: number): number | undefined {
  const flash = cpu.progMem;
  let pc = anchor;
  for (let scanned = 0; scanned < 32 && pc < flash.length; scanned++) {
    const opcode = flash[pc]!;
    let target: number | undefined;
    if ((opcode & 0xf800) === 0xf000) target = branchTarget(pc, opcode);
    else if ((opcode & 0xf000) === 0xc000) target = rjmpTarget(pc, opcode);
    if (target !== undefined && target <= anchor) return anchor - target <= 32 ? target : undefined;
    pc += twoWords(opcode) ? 2 : 1;
  }
  return undefined;
}
