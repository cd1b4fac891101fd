/**
 * The proof that lets the idle-loop skip jump over a loop that counts while it waits: a
 * bootloader's receive loop with a timeout (ATmegaBOOT's getch(), STK500v2's recchar_timeout()).
 * Each pass differs (the count), so the plain proof (two identical visits) never holds; here the
 * pass is read instruction by instruction (loop-path.ts) and its effect is derived from what the
 * instructions are, not from how the passes looked:
 *
 *  - one carry chain updates the counter: sub/subi/sbiw then sbc/sbci, or add/adiw then adc, each
 *    byte with a constant (an immediate, a register set by ldi earlier on the path, or a register
 *    the path never writes, such as avr-gcc's zero register r1). A chain of subtractions with borrow
 *    subtracts the little-endian constant from the little-endian counter modulo 2^(8·bytes), so
 *    each pass adds the same D to the counter: the counter after n passes is V + n·D, and as long as
 *    it does not wrap, V + n·d with d = D read as a signed number, strictly monotone in n;
 *  - the loop's branch tests C or Z of the last flag-writing chain: that update chain (C: the
 *    borrow/carry out, Z: the new count is 0), or a compare chain cp/cpi then cpc over every byte
 *    of the counter against a constant (C: count < K, or K < count; Z: count == K). Whatever the
 *    case, the branch at pass j depends on one number, the count before or after pass j's update,
 *    through x < T, x > T or x == T: with x monotone in j, the passes that loop back form a prefix
 *    (or all but one pass, for ==), so the last pass before the way out is found exactly (binary
 *    search over a monotone predicate, or one division for ==);
 *  - every other register the pass writes is written before it is read on the pass (a temporary:
 *    ldi, or a load of an event-driven status register, whose value holds until the next clock
 *    event), and every flag a pass reads was written earlier in the same pass: a chain never takes
 *    its carry from the pass before. Nothing else is read or written: no memory, no stack.
 *
 * So n passes can be applied as: count += n·d, cycles += n·period, with the temporaries and flags
 * as the last of them leaves them. The skip (idle-loop-skip.ts) applies n - 1 passes this way and
 * executes the n-th one, so registers and flags come out of avr8js itself.
 */
import type { CPU } from 'avr8js';
import { FLAG_C, type LoopPath } from './loop-path.js';

/** How the branch reads the count x: x < bound, x > bound, or x == bound. */
type Comparison = 'lt' | 'gt' | 'eq';

export interface CountingLoop {
  path: LoopPath;
  /** The counter's registers, least significant first. */
  counter: number[];
  /** What one pass adds to the counter, read as a signed number (never 0). */
  delta: bigint;
  /** The branch's test, on the count before (false) or after (true) the pass's update. */
  comparison: Comparison;
  bound: bigint;
  afterUpdate: boolean;
  /** The pass loops back to the anchor while the test is this. */
  loopsWhen: boolean;
}

type Operand = { value: number } | { reg: number };

interface Chain {
  kind: 'sub' | 'add' | 'cmp';
  /** sub/add: the registers each member writes (two for adiw/sbiw) and its constant, low byte first. */
  regs: number[];
  constants: Array<number | undefined>;
  /** cmp: each member's two operands. */
  pairs: Array<[Operand, Operand]>;
  instructions: number;
}

/** The counting loop `path` proves, or undefined when the path is not one this proof covers. */
export function proveCountingLoop(path: LoopPath, cpu: CPU): CountingLoop | undefined {
  const data = cpu.data;
  const writtenOnPath = new Set<number>();
  for (const step of path.steps) {
    if (step.kind === 'ldi' || step.kind === 'load') writtenOnPath.add(step.d);
    if (step.kind === 'arith' && step.op !== 'cp' && step.op !== 'cpc') {
      writtenOnPath.add(step.d);
      if (step.op === 'adiw' || step.op === 'sbiw') writtenOnPath.add(step.d + 1);
    }
  }
  /** What last wrote each register, so far on the path: an ldi's constant, or 'other'. */
  const lastWrite = new Map<number, number | 'other'>();
  /** A register operand's value if it is a constant at this point of every pass. */
  const constantOf = (reg: number): number | undefined => {
    const written = lastWrite.get(reg);
    if (written !== undefined) return written === 'other' ? undefined : written;
    // Never written on the pass: it holds its present value at every pass (r1). Written only
    // later on the pass: read before written, it is the pass before's value: not accepted.
    return writtenOnPath.has(reg) ? undefined : data[reg]!;
  };
  const operand = (reg: number): Operand => {
    const value = constantOf(reg);
    return value === undefined ? { reg } : { value };
  };

  const chains: Chain[] = [];
  let updateAt = -1;
  for (const step of path.steps) {
    if (step.kind === 'ldi') lastWrite.set(step.d, step.k);
    else if (step.kind === 'load') lastWrite.set(step.d, 'other');
    if (step.kind !== 'arith') continue;
    const current = chains[chains.length - 1];
    const immediate = step.r === undefined;
    switch (step.op) {
      case 'sub':
      case 'add':
        chains.push({ kind: step.op, regs: [step.d], constants: [immediate ? step.k : constantOf(step.r!)], pairs: [], instructions: 1 });
        break;
      case 'sbiw':
      case 'adiw':
        chains.push({ kind: step.op === 'sbiw' ? 'sub' : 'add', regs: [step.d, step.d + 1], constants: [step.k, 0], pairs: [], instructions: 1 });
        break;
      case 'sbc':
      case 'adc':
        // A carry from the pass before (no chain started on this pass) is not accepted.
        if (!current || current.kind !== (step.op === 'sbc' ? 'sub' : 'add')) return undefined;
        current.regs.push(step.d);
        current.constants.push(immediate ? step.k : constantOf(step.r!));
        current.instructions++;
        break;
      case 'cp':
        chains.push({ kind: 'cmp', regs: [], constants: [], pairs: [[operand(step.d), immediate ? { value: step.k } : operand(step.r!)]], instructions: 1 });
        break;
      case 'cpc':
        if (!current || current.kind !== 'cmp') return undefined;
        current.pairs.push([operand(step.d), immediate ? { value: step.k } : operand(step.r!)]);
        current.instructions++;
        break;
    }
    if (step.op !== 'cp' && step.op !== 'cpc') {
      const chainIndex = chains.length - 1;
      if (updateAt >= 0 && updateAt !== chainIndex) return undefined; // one counter only
      updateAt = chainIndex;
      lastWrite.set(step.d, 'other');
      if (step.op === 'adiw' || step.op === 'sbiw') lastWrite.set(step.d + 1, 'other');
    }
  }
  if (updateAt < 0) return undefined;
  const update = chains[updateAt]!;
  const counter = update.regs;
  if (new Set(counter).size !== counter.length || update.constants.some((constant) => constant === undefined)) return undefined;
  // The counter's registers are written by the chain alone.
  for (const step of path.steps) if ((step.kind === 'ldi' || step.kind === 'load') && counter.includes(step.d)) return undefined;

  const bits = BigInt(8 * counter.length);
  const modulus = 1n << bits;
  const constant = littleEndian(update.constants as number[]);
  const step = update.kind === 'sub' ? (modulus - constant) % modulus : constant % modulus;
  if (step === 0n) return undefined;
  const delta = step < modulus / 2n ? step : step - modulus;

  const branch = path.steps[path.steps.length - 1]!;
  if (branch.kind !== 'branch') return undefined;
  const onC = branch.flag === FLAG_C;
  const last = chains.length - 1;
  const base = { path, counter, delta, loopsWhen: branch.loopsWhen };
  if (last === updateAt) {
    // The update's own flags. C: the borrow of count - constant, or the carry of count + constant,
    // taken on the count before the update. Z: the new count is 0; adc does not chain Z, so an
    // add chain's Z says that only when it is one instruction.
    if (!onC) {
      if (update.kind === 'add' && update.instructions > 1) return undefined;
      return { ...base, comparison: 'eq', bound: 0n, afterUpdate: true };
    }
    if (update.kind === 'sub') return { ...base, comparison: 'lt', bound: constant, afterUpdate: false };
    // carry of count + constant: count >= 2^bits - constant, i.e. not (count < that).
    return { ...base, comparison: 'lt', bound: modulus - constant, afterUpdate: false, loopsWhen: !branch.loopsWhen };
  }
  const compare = chains[last]!;
  if (compare.kind !== 'cmp' || compare.pairs.length !== counter.length) return undefined;
  const counterFirst = compare.pairs.every(([left, right], i) => 'reg' in left && left.reg === counter[i] && 'value' in right);
  const counterSecond = compare.pairs.every(([left, right], i) => 'value' in left && 'reg' in right && right.reg === counter[i]);
  if (!counterFirst && !counterSecond) return undefined;
  const bound = littleEndian(compare.pairs.map(([left, right]) => ('value' in left ? left.value : (right as { value: number }).value)));
  const afterUpdate = last > updateAt;
  if (!onC) return { ...base, comparison: 'eq', bound, afterUpdate };
  // cp count, K borrows when count < K; cp K, count borrows when K < count.
  return { ...base, comparison: counterFirst ? 'lt' : 'gt', bound, afterUpdate };
}

function littleEndian(bytes: number[]): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]! & 0xff);
  return value;
}

/** The counter's present value. */
export function countOf(loop: CountingLoop, cpu: CPU): bigint {
  return littleEndian(loop.counter.map((reg) => cpu.data[reg]!));
}

/**
 * How many passes from now surely come back to the anchor with the counter not wrapping: passes
 * 1..n loop, so pass n + 1 is the earliest that may leave (or wrap, after which it is proven anew).
 */
export function passesBeforeExit(loop: CountingLoop, cpu: CPU): number {
  const { delta, bound, comparison, loopsWhen } = loop;
  const start = countOf(loop, cpu);
  const modulus = 1n << BigInt(8 * loop.counter.length);
  // The counter after m passes is start + m·delta while that stays in [0, modulus).
  const noWrap = delta > 0n ? (modulus - 1n - start) / delta : start / -delta;
  if (noWrap < 1n) return 0;
  const updatesBefore = loop.afterUpdate ? 0n : -1n;
  const countAt = (pass: bigint): bigint => start + (pass + updatesBefore) * delta;
  const test = (x: bigint): boolean => (comparison === 'lt' ? x < bound : comparison === 'gt' ? x > bound : x === bound);
  const loops = (pass: bigint): boolean => test(countAt(pass)) === loopsWhen;
  if (!loops(1n)) return 0;
  let passes: bigint;
  if (comparison === 'eq') {
    if (loopsWhen) return 1; // loops only while the count equals the bound: once at most
    // Loops until the count equals the bound: at the pass where start + m·delta = bound, if any.
    const distance = bound - start;
    const updates = distance % delta === 0n ? distance / delta : -1n;
    // Pass updates - updatesBefore reads it; one already behind (or never) leaves only the wrap.
    const exitPass = updates - updatesBefore;
    passes = exitPass >= 1n ? exitPass - 1n : noWrap;
    if (passes > noWrap) passes = noWrap;
  } else {
    // x < bound and x > bound are monotone in x, and x in the pass: the looping passes are a
    // prefix of 1..noWrap. The last of them, by bisection.
    let low = 1n;
    let high = noWrap;
    while (low < high) {
      const middle = (low + high + 1n) / 2n;
      if (loops(middle)) low = middle;
      else high = middle - 1n;
    }
    passes = low;
  }
  return passes > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(passes);
}

/** Sets the counter to what `passes` passes leave in it (passes ≤ passesBeforeExit(): no wrap). */
export function advanceCounter(loop: CountingLoop, cpu: CPU, passes: number): void {
  let value = countOf(loop, cpu) + BigInt(passes) * loop.delta;
  for (const reg of loop.counter) {
    cpu.data[reg] = Number(value & 0xffn);
    value >>= 8n;
  }
}
