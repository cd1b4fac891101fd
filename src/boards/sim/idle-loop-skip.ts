/**
 * Runs the MCU like Mcu.runUntil(), but when the firmware is provably spinning in an idle loop it
 * jumps the cycle counter over the loop's repetitions instead of executing them, up to the next
 * moment anything could change: the next interrupt a timer can raise, the next pin a timer moves,
 * the next clock event of any other peripheral (a byte landing on the USART, an ADC conversion).
 *
 * Proof of idleness, learnt as the CPU runs: pick a program counter (the anchor) and snapshot the
 * machine each time the CPU comes back to it. If between two visits
 *  - no interrupt was dispatched and none is pending,
 *  - no I/O register was touched except SREG and SP, the PINx inputs only if no pin moved
 *    meanwhile (the host changes inputs only between turns, when invalidate() is called; a
 *    timer's PWM moves its pin only at the cycles the skip stops before), and the status
 *    registers a program polls that only a clock event changes: each USART's UCSRnA (a byte
 *    landing, a byte sent) and SPMCSR (an erase or write done), read without side effects;
 *  - and registers, SREG, SP and all SRAM except the scratch below SP used in between are equal,
 * then the CPU is on a cycle of that period that changes nothing, and will stay on it until an
 * interrupt or an outside event; its repetitions are skipped whole, so it lands on the anchor in
 * exactly the state it would have reached, and interrupts come at their exact cycles. Timers only
 * count meanwhile; avr8js counts them from the cycle counter when their next event fires.
 *
 * Whatever the firmware's own code does (the timer ISR that keeps millis(), the main loop's
 * reaction to it) still executes: only proven-identical repetitions are skipped. With interrupts
 * off too: a bootloader waiting for the flasher's next byte, or for its UART to send the last one,
 * or for a page write to end, spins on a status register until a clock event changes it, and is
 * skipped to that event. A loop that counts while it waits (ATmegaBOOT's and STK500v2's timeouts)
 * is not the same at each visit: when its one pass is made only of instructions whose effect is
 * known (counting-loop.ts), its passes are skipped too, up to the event or to the last pass before
 * its count runs out, whichever comes first. And the Arduino core's delay(), which reads timer 0 at
 * each pass, is recognised from its code (delay-loop.ts) and skipped up to the pass that leaves, or
 * to the timer's next event.
 */
import { avrInstruction, type AVRTimer } from 'avr8js';
import type { Mcu } from './mcu.js';
import { anchorAfterStores, changedBytes } from './anchor-after-stores.js';
import { firstClockEvent, setClockEvents } from './clock-events.js';
import { advanceCounter, passesBeforeExit, proveCountingLoop, type CountingLoop } from './counting-loop.js';
import { DELAY_TIMER_COUNTER, delayHeadCandidates, delayTimer, matchDelayLoop, passesThatLoop, type DelayLoop } from './delay-loop.js';
import { decodeLoopPath, loopHeadAround } from './loop-path.js';
import { timerEventCallback, timerHorizon } from './timer-horizon.js';

/** Longest idle loop looked for, in cycles; a longer one simply runs. */
const MAX_PERIOD = 8_192;
/** Visits to an anchor without a proof before the anchor is dropped for another. */
const MAX_VISITS = 16;
/** Late proofs at one anchor looked into for stores (anchor-after-stores.ts): one whose pass changed only registers tells nothing. */
const STORE_LOOKS = 8;
/** Cycles run plainly after a run of failed proofs (the firmware is busy). */
const BACKOFF = 16_384;
/** Most instructions in one pass of a delay() loop (the templates' are under 60). */
const DELAY_PASS_STEPS = 128;

const SREG = 0x5f;
const SPL = 0x5d;
const SPH = 0x5e;

export interface IdleSkipStats {
  /** Cycles jumped over, not executed. */
  skippedCycles: number;
  skips: number;
}

interface Visit {
  snapshot: Uint8Array;
  cycles: number;
  sp: number;
  /** The segment that ended at this visit was clean (no interrupt, no I/O). */
  clean: boolean;
  /** Lowest SP in the segment that ended at this visit. */
  minSp: number;
}

export class IdleLoopSkip {
  readonly stats: IdleSkipStats = { skippedCycles: 0, skips: 0 };
  /** Cycle at which the firmware was last proven idle (-1: never since the last invalidate()). */
  idleSince = -1;

  private readonly usable: boolean;
  private readonly vectorEnd: number;
  private readonly ramEnd: number;
  private readonly timerEvents: Set<unknown>;
  private readonly watched: number[] = [];
  private readonly readWrappers: unknown[] = [];
  private readonly writeWrappers: unknown[] = [];
  private readonly pins: Set<number>;
  /** Status registers whose reads prove nothing changed: only a clock event (the horizon) changes them. */
  private readonly eventDriven: readonly number[];
  /** Those of them whose reads have no side effect (no read hook of a peripheral's own). */
  private readonly quietReads = new Set<number>();

  /** In the current segment: an I/O register was touched, or an interrupt was dispatched. */
  private ioTouched = false;
  private pinTouched = false;
  private pinMoved = false;
  private anchor = -1;
  private visits: Visit[] = [];
  private spare: Uint8Array[] = [];
  private segmentStart = 0;
  private segmentMinSp = 0;
  /** Visits without a proof since the last one (bounds the anchors tried before a backoff). */
  private failures = 0;
  /** Of them, those at the current anchor (bounds the visits to one anchor). */
  private anchorFailures = 0;
  private backoffUntil = 0;
  /** Period of the proven loop while the CPU sits on its anchor, else 0. */
  private onLoop = 0;
  /** A proven counting loop while the CPU sits on its anchor at `countingAt` cycles. */
  private counting: CountingLoop | undefined;
  private countingAt = -1;
  /** The anchor at which the counting proof failed (not tried again there). */
  private countingRefusedAt = -1;
  /** The anchor was moved to a loop's head once since it was picked. */
  private anchorMoved = false;
  /** Timer 0, whose counter a delay() loop reads (undefined: the chip has none such). */
  private readonly delayTimer: AVRTimer | undefined;
  /** In the current segment: where TCNT0 was last read (word address, -1: not read), and SP then. */
  private counterReadAt = -1;
  private counterReadSp = 0;
  /** A recognised delay() loop while the CPU sits on its head at `delayAt` cycles. */
  private delay: DelayLoop | undefined;
  private delayAt = -1;
  /** Cycle at which the last runUntil() ended: the CPU found elsewhere ran without us, or was put back. */
  private endedAt = -1;
  /** A better anchor for the proven loop (anchor-after-stores.ts), taken at the next interrupt; and the late proofs at this anchor still to look into for one. */
  private moveAnchor: { from: number; to: number } | undefined;
  private storeLooksLeft = STORE_LOOKS;
  /** The anchor moved to, until a loop is proven there (-1: none); those given up before, not moved to again until the next invalidate(). */
  private movedTo = -1;
  private readonly unproven = new Set<number>();

  constructor(private readonly mcu: Mcu) {
    const cpu = mcu.cpu;
    this.vectorEnd = mcu.config.interruptVectors * (mcu.config.flashBytes > 8192 ? 2 : 1);
    this.ramEnd = cpu.data.length - 1;
    this.pins = new Set(Object.values(mcu.config.ports).map((port) => port.PIN));
    const usarts = [mcu.config.usart, ...(mcu.config.otherUsarts ?? [])];
    this.eventDriven = [...usarts.map((usart) => usart.UCSRA), mcu.config.selfProgramming.SPMCSR];
    this.timerEvents = new Set(mcu.timers.map(timerEventCallback));
    this.delayTimer = delayTimer(mcu.timers, mcu.config.timers);
    this.usable = !this.timerEvents.has(undefined) && firstClockEvent(cpu) !== undefined;
    if (this.usable) this.watchIo();
    for (const port of Object.values(mcu.ports)) port!.addListener(() => (this.pinMoved = true));
  }

  /**
   * Something outside the chip changed what the firmware reads (an input pin, an analog reading):
   * prove idleness afresh. Host bytes need no call (each lands as a clock event, where every skip
   * stops), nor does time between turns: a proof holds from one turn to the next.
   */
  invalidate(): void {
    this.dropVisits();
    this.anchor = -1;
    this.onLoop = 0;
    this.counting = undefined;
    this.delay = undefined;
    this.failures = 0;
    this.backoffUntil = 0;
    this.unproven.clear();
  }

  /** Executes (or provably skips) until `targetCycles`; may overshoot by less than one loop period. */
  runUntil(targetCycles: number): void {
    const mcu = this.mcu;
    const cpu = mcu.cpu;
    // A peripheral added after us would have replaced a watcher: then nothing is proven, nor skipped.
    if (!this.usable || !this.hooksIntact()) return mcu.runUntil(targetCycles);
    if (cpu.cycles !== this.endedAt) this.invalidate();
    this.run(targetCycles);
    this.endedAt = cpu.cycles;
  }

  private run(targetCycles: number): void {
    const mcu = this.mcu;
    const cpu = mcu.cpu;
    while (cpu.cycles < targetCycles && mcu.resetRequest === undefined) {
      if (this.onLoop > 0) {
        if (this.skip(targetCycles)) continue;
        this.onLoop = 0;
      }
      if (this.counting) {
        const loop = this.counting;
        this.counting = undefined;
        if (this.skipCounting(loop, targetCycles)) continue;
      }
      if (this.delay) {
        const loop = this.delay;
        this.delay = undefined;
        if (this.skipDelay(loop, targetCycles)) continue;
      }
      if (cpu.cycles < this.backoffUntil) {
        mcu.runUntil(Math.min(targetCycles, this.backoffUntil));
        continue;
      }
      if (this.anchor < 0 && !this.setAnchor()) {
        avrInstruction(cpu);
        cpu.tick();
        continue;
      }
      if (this.runToAnchor(targetCycles)) this.visit();
    }
  }

  /** Picks the current PC as anchor if no interrupt is pending. */
  private setAnchor(): boolean {
    const cpu = this.mcu.cpu;
    if (cpu.nextInterrupt >= 0) return false;
    this.anchor = cpu.pc;
    this.storeLooksLeft = STORE_LOOKS;
    this.anchorFailures = 0;
    this.anchorMoved = false;
    this.countingRefusedAt = -1;
    this.dropVisits();
    this.startSegment();
    this.visit();
    return true;
  }

  private startSegment(): void {
    const cpu = this.mcu.cpu;
    this.ioTouched = false;
    this.pinTouched = false;
    this.pinMoved = false;
    this.counterReadAt = -1;
    this.segmentStart = cpu.cycles;
    this.segmentMinSp = cpu.SP;
  }

  /** Runs until the CPU is back on the anchor (true), the target, or the anchor is given up. */
  private runToAnchor(targetCycles: number): boolean {
    const cpu = this.mcu.cpu;
    const data = cpu.data;
    const anchor = this.anchor;
    const vectorEnd = this.vectorEnd;
    const giveUp = this.segmentStart + MAX_PERIOD;
    const limit = Math.min(targetCycles, giveUp);
    let minSp = this.segmentMinSp;
    let interrupted = false;
    const mcu = this.mcu;
    while (cpu.cycles < limit && mcu.resetRequest === undefined) {
      avrInstruction(cpu);
      cpu.tick();
      const pc = cpu.pc;
      if (pc < vectorEnd) interrupted = true;
      const sp = data[SPL]! | (data[SPH]! << 8);
      if (sp < minSp) minSp = sp;
      if (pc === anchor) {
        this.segmentMinSp = minSp;
        if (interrupted) this.ioTouched = true;
        return true;
      }
    }
    this.segmentMinSp = minSp;
    if (interrupted) this.ioTouched = true;
    if (cpu.cycles >= giveUp) this.fail(true);
    return false;
  }

  /** At the anchor: record the visit and look for a proven loop ending here. */
  private visit(): void {
    const cpu = this.mcu.cpu;
    const clean = !this.ioTouched && !(this.pinTouched && this.pinMoved) && cpu.nextInterrupt < 0;
    const current: Visit = {
      snapshot: this.spare.pop() ?? new Uint8Array(cpu.data.length),
      cycles: cpu.cycles,
      sp: cpu.SP,
      clean,
      minSp: this.segmentMinSp,
    };
    current.snapshot.set(cpu.data);
    const counterRead = this.counterReadAt;
    const counterReadSp = this.counterReadSp;
    this.startSegment();
    if (counterRead >= 0 && this.proveDelay(counterRead, counterReadSp)) {
      // Proven on the head, this visit is where the skip starts; moved to a head, no visit so far
      // was taken there (the plain proof compares visits to one anchor only).
      this.dropVisits();
      if (this.delay) this.visits.push(current);
      else this.spare.push(current.snapshot);
      return;
    }
    if (!clean) {
      this.dropVisits();
      // The proof is broken here anyway (an interrupt came): the better anchor's is made from now.
      if (this.moveAnchor?.from === this.anchor) {
        this.anchor = this.moveAnchor.to;
        this.movedTo = this.anchor;
        this.moveAnchor = undefined;
        this.anchorFailures = 0;
        this.spare.push(current.snapshot);
        return;
      }
      this.visits.push(current);
      this.fail(false);
      return;
    }
    // Compare with the last visit, then the one before (a loop may pass the anchor twice).
    let minSp = current.minSp;
    for (let back = this.visits.length - 1; back >= 0; back--) {
      const earlier = this.visits[back]!;
      if (back < this.visits.length - 1 && !this.visits[back + 1]!.clean) break;
      if (back < this.visits.length - 1) minSp = Math.min(minSp, this.visits[back + 1]!.minSp);
      if (earlier.sp === current.sp && this.same(earlier.snapshot, current.snapshot, minSp, current.sp)) {
        this.onLoop = current.cycles - earlier.cycles;
        this.idleSince = current.cycles;
        this.failures = 0;
        this.anchorFailures = 0;
        if (this.movedTo === this.anchor) this.movedTo = -1;
        if (back === this.visits.length - 1 && back >= 1) this.lookForStores(this.visits[back - 1]!, earlier);
        break;
      }
    }
    const previous = this.visits[this.visits.length - 1];
    this.visits.push(current);
    if (this.visits.length > 2) this.spare.push(this.visits.shift()!.snapshot);
    if (this.onLoop === 0 && previous) this.proveCounting(current.cycles - previous.cycles, previous.sp === current.sp);
    if (this.onLoop === 0 && !this.counting) this.fail(false);
  }

  /**
   * Proven one pass late: `after`, the first visit after an interrupt (`before`), differed from
   * it. If what differed is a few bytes the pass stores with `sts`, the anchor moves to just after
   * those stores at the next interrupt (anchor-after-stores.ts). Looked into until a pass changed
   * some SRAM (a few late proofs at most at each anchor: the interrupt that fell where only registers
   * differ after it tells nothing); one moved to and given up before a loop was proven there is not
   * moved to again until the next invalidate() (had a matching word been data, or the stores lain
   * on another path).
   */
  private lookForStores(before: Visit, after: Visit): void {
    if (this.storeLooksLeft === 0 || before.clean || before.sp !== after.sp) return;
    const changed = changedBytes(before.snapshot, after.snapshot, this.mcu.config.ramStart, after.minSp, after.sp);
    this.storeLooksLeft = changed?.length === 0 ? this.storeLooksLeft - 1 : 0;
    const to = changed && anchorAfterStores(this.mcu.cpu.progMem, changed);
    if (to !== undefined && to !== this.anchor && !this.unproven.has(to)) this.moveAnchor = { from: this.anchor, to };
  }

  /**
   * At the anchor, after a clean pass of `observed` cycles that the plain proof did not cover:
   * is it a counting loop (counting-loop.ts)? The decoded pass must take as many cycles as the
   * CPU just took (the same pass ran, with no interrupt in it).
   */
  private proveCounting(observed: number, sameSp: boolean): void {
    const cpu = this.mcu.cpu;
    if (this.countingRefusedAt === this.anchor || !sameSp || cpu.nextInterrupt >= 0) return;
    const path = decodeLoopPath(cpu, this.anchor, this.quietReads);
    const loop = path && proveCountingLoop(path, cpu);
    if (!loop) {
      this.countingRefusedAt = this.anchor;
      // Perhaps the anchor is inside the loop, not at its head: move there once, and only if the
      // pass from the head is a counting loop (any other firmware keeps its anchors, and its skips
      // land where they did).
      const head = this.anchorMoved ? undefined : loopHeadAround(cpu, this.anchor);
      const fromHead = head !== undefined && head !== this.anchor ? decodeLoopPath(cpu, head, this.quietReads) : undefined;
      if (head !== undefined && fromHead && proveCountingLoop(fromHead, cpu)) {
        this.anchor = head;
        this.anchorMoved = true;
        this.dropVisits();
      }
      return;
    }
    if (loop.path.period !== observed) return;
    this.counting = loop;
    this.countingAt = cpu.cycles;
    this.idleSince = cpu.cycles;
    this.failures = 0;
    this.anchorFailures = 0;
  }

  /**
   * On the anchor of a proven counting loop: n passes, at most up to the target (overshooting by
   * less than one pass), ending before the horizon, and before the pass that may leave. The first
   * n - 1 are applied (the counter and the cycles), the last is executed, so that the registers
   * the pass loads and the flags it leaves are avr8js's own. Nothing can see the machine between:
   * no event is due, and that pass reads only registers and event-driven status registers.
   */
  private skipCounting(loop: CountingLoop, targetCycles: number): boolean {
    const cpu = this.mcu.cpu;
    const anchor = loop.path.anchor;
    if (cpu.pc !== anchor || cpu.cycles !== this.countingAt || cpu.nextInterrupt >= 0) return false;
    const period = loop.path.period;
    const now = cpu.cycles;
    const passes = Math.min(this.periodsAhead(period, targetCycles), passesBeforeExit(loop, cpu));
    if (passes < 2) return false;
    const skipped = (passes - 1) * period;
    advanceCounter(loop, cpu, passes - 1);
    this.jumpTo(now + skipped);
    for (let step = 0; step < loop.path.steps.length; step++) {
      avrInstruction(cpu);
      cpu.tick();
      if (cpu.pc === anchor) break;
    }
    if (cpu.pc !== anchor || cpu.cycles !== now + passes * period) {
      throw new Error(`counting-loop skip: the pass from 0x${(anchor * 2).toString(16)} did not come back as decoded`);
    }
    this.stats.skippedCycles += skipped;
    this.stats.skips++;
    this.idleSince = cpu.cycles;
    // A fresh start on the anchor: the next pass is compared with this one.
    this.dropVisits();
    this.startSegment();
    this.visit();
    return true;
  }

  /**
   * At the anchor, after a segment that read TCNT0 at `readAt` (SP then `readSp`): on the head of
   * a delay() loop, it is proven for the skip; else, if the read came from one, the anchor moves to
   * its head (true either way; false: no delay() loop here).
   */
  private proveDelay(readAt: number, readSp: number): boolean {
    const cpu = this.mcu.cpu;
    if (!this.delayTimer) return false;
    const atHead = matchDelayLoop(cpu.progMem, this.anchor);
    if (atHead) {
      if (cpu.nextInterrupt >= 0) return false;
      this.delay = atHead;
      this.delayAt = cpu.cycles;
      this.failures = 0;
      this.anchorFailures = 0;
      return true;
    }
    const data = cpu.data;
    const returnBytes = cpu.pc22Bits ? 3 : 2;
    let returnAddress: number | undefined;
    if (readSp + returnBytes <= this.ramEnd) {
      returnAddress = 0;
      for (let i = 1; i <= returnBytes; i++) returnAddress = (returnAddress << 8) | data[readSp + i]!;
    }
    for (const head of delayHeadCandidates(readAt, returnAddress)) {
      if (!matchDelayLoop(cpu.progMem, head)) continue;
      this.anchor = head;
      this.anchorFailures = 0;
      this.dropVisits();
      return true;
    }
    return false;
  }

  /**
   * On the head of a recognised delay() loop: one pass executed measures the period (it must come
   * back by the loop's own branch, with no interrupt); then n passes, at most up to the target
   * (overshooting by less than one), ending before the horizon and before any pass that may leave
   * (delay-loop.ts). The first n - 2 are applied (the cycles: nothing else they change is read
   * again), the last two are executed, so that registers and flags are avr8js's own: a pass saves
   * SREG as the pass before left it (micros() keeps it in a register while interrupts are off).
   */
  private skipDelay(loop: DelayLoop, targetCycles: number): boolean {
    const cpu = this.mcu.cpu;
    // `loop` was matched on the flash as it is: since then only the loop's own passes ran (no SPM).
    if (cpu.pc !== loop.head || cpu.cycles !== this.delayAt || cpu.nextInterrupt >= 0) return false;
    const before = cpu.cycles;
    if (!this.runDelayPass(loop)) return true;
    const period = cpu.cycles - before;
    const now = cpu.cycles;
    const passes = Math.min(this.periodsAhead(period, targetCycles), passesThatLoop(loop, cpu, this.delayTimer!, period));
    if (passes >= 3) {
      // The last two passes executed: the second saves SREG as the one before left it.
      this.jumpTo(now + (passes - 2) * period);
      for (let pass = passes - 1; pass <= passes; pass++) {
        if (!this.runDelayPass(loop) || cpu.cycles !== now + pass * period) {
          throw new Error(`delay() skip: the pass from 0x${(loop.head * 2).toString(16)} did not come back as measured`);
        }
      }
      this.stats.skippedCycles += (passes - 2) * period;
      this.stats.skips++;
      this.idleSince = cpu.cycles;
    }
    // On the head again: the next pass is measured and skipped from (or runs, at the horizon).
    this.dropVisits();
    this.startSegment();
    this.delay = loop;
    this.delayAt = cpu.cycles;
    return true;
  }

  /** Executes one pass of the loop from its head: true if it came back to the head by its branch back, with no interrupt. */
  private runDelayPass(loop: DelayLoop): boolean {
    const cpu = this.mcu.cpu;
    let previous = cpu.pc;
    for (let step = 0; step < DELAY_PASS_STEPS; step++) {
      previous = cpu.pc;
      avrInstruction(cpu);
      cpu.tick();
      if (cpu.pc < this.vectorEnd) return false;
      if (cpu.pc === loop.head) return previous === loop.back;
    }
    return false;
  }

  private fail(gaveUp: boolean): void {
    this.failures++;
    this.anchorFailures++;
    if (gaveUp || this.anchorFailures >= MAX_VISITS) {
      if (this.movedTo === this.anchor) this.unproven.add(this.anchor);
      this.movedTo = -1;
      this.anchor = -1;
      this.dropVisits();
      if (this.failures >= MAX_VISITS * 2) {
        this.failures = 0;
        this.backoffUntil = this.mcu.cpu.cycles + BACKOFF;
      }
    }
  }

  /**
   * Registers, SREG, SP, the event-driven status registers and SRAM equal, except the scratch
   * [minSp, sp] below the live stack. A status flag an event set between the visits differs here
   * (only the firmware's own writes and reads, which are never clean, clear one).
   */
  private same(a: Uint8Array, b: Uint8Array, minSp: number, sp: number): boolean {
    if (a[SREG] !== b[SREG] || a[SPL] !== b[SPL] || a[SPH] !== b[SPH]) return false;
    for (const address of this.eventDriven) if (a[address] !== b[address]) return false;
    if (!rangeEqual(a, b, 0, 32)) return false;
    const sramStart = this.mcu.config.ramStart;
    return rangeEqual(a, b, sramStart, Math.max(sramStart, minSp)) && rangeEqual(a, b, sp + 1, this.ramEnd + 1);
  }

  /** On the anchor of a proven loop: jump whole periods up to the target or the next event. */
  private skip(targetCycles: number): boolean {
    const cpu = this.mcu.cpu;
    const period = this.onLoop;
    const now = cpu.cycles;
    const periods = this.periodsAhead(period, targetCycles);
    if (periods <= 0) return false;
    this.jumpTo(now + periods * period);
    this.stats.skippedCycles += periods * period;
    this.stats.skips++;
    // Still on the anchor, in the same state: the whole orbit moved on by the skip, and the last
    // visit stands for this one.
    for (const visit of this.visits) visit.cycles += periods * period;
    this.segmentStart = cpu.cycles;
    this.idleSince = cpu.cycles;
    return true;
  }

  /**
   * Whole periods of a loop from now that reach `targetCycles` (passing it by less than one) and
   * end before the horizon. Before it, never on it: an event due at the cycle the CPU reaches runs
   * in the tick after the instruction that reached it, before the loop's next read, as when executed.
   */
  private periodsAhead(period: number, targetCycles: number): number {
    const now = this.mcu.cpu.cycles;
    return Math.min(Math.ceil((targetCycles - now) / period), Math.floor((this.horizon() - now - 1) / period));
  }

  /**
   * Moves the cycle counter to `cycles` (before the horizon), as every skip does: the timers' clock
   * events that fell due meanwhile fire now, in order, as they did one at a time while every cycle
   * ran (each counts from its last cycle, so once covers the jump). avr8js fires one event per
   * instruction: left to it, they would fire on the next instructions, and an event of another
   * peripheral due then (a byte sent) would come that many later.
   */
  private jumpTo(cycles: number): void {
    const cpu = this.mcu.cpu;
    cpu.cycles = cycles;
    for (let event = firstClockEvent(cpu); event && event.cycles <= cpu.cycles && this.timerEvents.has(event.callback); event = firstClockEvent(cpu)) {
      event.callback();
      setClockEvents(cpu, event.next);
    }
  }

  /** The earliest cycle at which a peripheral can change anything. */
  private horizon(): number {
    const cpu = this.mcu.cpu;
    let horizon = Infinity;
    // Events are kept sorted by cycle: the first one that is not a timer's bounds everything.
    for (let event = firstClockEvent(cpu); event; event = event.next) {
      if (!this.timerEvents.has(event.callback)) {
        horizon = event.cycles;
        break;
      }
    }
    for (const timer of this.mcu.timers) horizon = Math.min(horizon, timerHorizon(timer, cpu));
    return horizon;
  }

  /** Marks every access to an I/O register other than SREG and SP (PINx reads and event-driven status reads apart). */
  private watchIo(): void {
    const cpu = this.mcu.cpu;
    const data = cpu.data;
    for (let address = 0x20; address < this.mcu.config.ramStart; address++) {
      if (address === SREG || address === SPL || address === SPH) continue;
      const pin = this.pins.has(address);
      const read = cpu.readHooks[address];
      // A read with a hook of its own may change something (UDRn's pops the receive FIFO).
      const eventDriven = this.eventDriven.includes(address) && !read;
      if (eventDriven) this.quietReads.add(address);
      const counter = address === DELAY_TIMER_COUNTER && this.delayTimer !== undefined;
      const readWrapper = eventDriven
        ? (addr: number): number => data[addr]!
        : (addr: number): number => {
            if (pin) this.pinTouched = true;
            else this.ioTouched = true;
            if (counter) {
              this.counterReadAt = cpu.pc;
              this.counterReadSp = cpu.SP;
            }
            return read ? read(addr) : data[addr]!;
          };
      cpu.readHooks[address] = readWrapper;
      this.watched.push(address);
      this.readWrappers.push(readWrapper);
      const write = cpu.writeHooks[address];
      const writeWrapper = (value: number, oldValue: number, addr: number, mask: number): boolean => {
        this.ioTouched = true;
        return write ? Boolean(write(value, oldValue, addr, mask)) : false;
      };
      cpu.writeHooks[address] = writeWrapper;
      this.writeWrappers.push(writeWrapper);
    }
  }

  /** Every I/O hook is still our watcher (checked at each runUntil: peripherals are added between turns, if ever). */
  private hooksIntact(): boolean {
    const cpu = this.mcu.cpu;
    const { watched, readWrappers, writeWrappers } = this;
    for (let i = 0; i < watched.length; i++) {
      const address = watched[i]!;
      if (cpu.readHooks[address] !== readWrappers[i] || cpu.writeHooks[address] !== writeWrappers[i]) return false;
    }
    return true;
  }

  private dropVisits(): void {
    for (const visit of this.visits) this.spare.push(visit.snapshot);
    this.visits = [];
  }
}

function rangeEqual(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return true;
  return Buffer.from(a.buffer, a.byteOffset + start, end - start).equals(Buffer.from(b.buffer, b.byteOffset + start, end - start));
}
