/**
 * How far an avr8js timer can be left alone: the earliest cycle at which it could raise an
 * enabled interrupt or move an output-compare pin. Up to that cycle its clock events only count;
 * avr8js's AVRTimer counts from `cpu.cycles - lastCycle` whenever its event fires (or TCNT is
 * read), so firing it once after a jump covers the jump exactly, flags and all.
 *
 * This reads AVRTimer's private fields (avr8js 0.21: divider, lastCycle, tcnt, timerMode, TOP,
 * ocrA/B/C, compA/B/C, countingUp, tcntUpdated, updateDivider, count, config). readTimer() checks
 * they are there and have the expected types; if not, the timer's horizon is "now" (never skip),
 * so a changed avr8js makes the simulator slower, never wrong.
 */
import type { AVRTimer, CPU } from 'avr8js';

/** avr8js's TimerMode enum (not exported). */
const NORMAL = 0;
const PHASE_CORRECT = 1;
const CTC = 2;
const FAST_PWM = 3;
const PHASE_FREQUENCY_CORRECT = 4;

export interface TimerInternals {
  divider: number;
  lastCycle: number;
  tcnt: number;
  timerMode: number;
  TOP: number;
  ocrA: number;
  ocrB: number;
  ocrC: number;
  hasOCRC: boolean;
  compA: number;
  compB: number;
  compC: number;
  countingUp: boolean;
  tcntUpdated: boolean;
  updateDivider: boolean;
  count: (...args: never[]) => void;
  config: { TIMSK: number; TOIE: number; OCIEA: number; OCIEB: number; OCIEC: number };
}

const NUMBERS = ['divider', 'lastCycle', 'tcnt', 'timerMode', 'TOP', 'ocrA', 'ocrB', 'compA', 'compB'] as const;

const checked = new WeakMap<AVRTimer, TimerInternals | undefined>();

/** The timer's internals, or undefined when this avr8js does not have the fields we expect. */
export function readTimer(timer: AVRTimer): TimerInternals | undefined {
  if (checked.has(timer)) return checked.get(timer);
  const internals = check(timer);
  checked.set(timer, internals);
  return internals;
}

function check(timer: AVRTimer): TimerInternals | undefined {
  const t = timer as unknown as Partial<TimerInternals>;
  if (NUMBERS.some((name) => typeof t[name] !== 'number')) return undefined;
  if (typeof t.countingUp !== 'boolean' || typeof t.tcntUpdated !== 'boolean' || typeof t.updateDivider !== 'boolean') return undefined;
  if (typeof t.count !== 'function' || typeof t.config?.TIMSK !== 'number') return undefined;
  return t as TimerInternals;
}

/** The clock-event callback of a timer (to tell its events from other peripherals'), if readable. */
export function timerEventCallback(timer: AVRTimer): unknown {
  return readTimer(timer)?.count;
}

/** True when a timer drives one of its output-compare pins (PWM, tone). */
export function drivesPins(timer: AVRTimer): boolean {
  const t = readTimer(timer);
  if (!t) return true;
  return t.compA !== 0 || t.compB !== 0 || (t.hasOCRC === true && t.compC !== 0);
}

/**
 * The earliest absolute cycle at which the timer may do something the CPU or a pin could notice.
 * Infinity when it cannot (stopped, or no enabled interrupt and no output pin); `cpu.cycles`
 * (skip nothing) when unsure.
 */
export function timerHorizon(timer: AVRTimer, cpu: CPU): number {
  const now = cpu.cycles;
  const t = readTimer(timer);
  if (!t) return now;
  if (t.tcntUpdated || t.updateDivider) return now;
  // Stopped, or clocked from its T pin, whose edges only the CPU (not idle) or the host (between
  // turns) can make.
  if (t.divider === 0) return Infinity;
  const { config } = t;
  const interrupts = cpu.data[config.TIMSK]! & (config.TOIE | config.OCIEA | config.OCIEB | config.OCIEC);
  if (!interrupts && !drivesPins(timer)) return Infinity;
  const steps = stepsToNextEvent(t);
  if (!Number.isFinite(steps) || steps < 1) return now;
  // The count event for step `steps` fires at lastCycle + steps·divider: a skip lands before it, and
  // the step is counted while the CPU runs, after the very instruction it would follow had every
  // cycle run (a skip lands on the same point of the loop). The steps before it change nothing
  // anyone sees (lazy-timer-events.ts).
  return t.lastCycle + steps * t.divider;
}

/** Phase correct modes count up to TOP and back down, a step at a time in avr8js (its count() loops over the steps). */
export function countsUpAndDown(t: TimerInternals): boolean {
  return t.timerMode === PHASE_CORRECT || t.timerMode === PHASE_FREQUENCY_CORRECT;
}

/** Counts until the counter next reaches TOP, BOTTOM or a compare value (at least 1), or NaN. */
export function stepsToNextEvent(t: TimerInternals): number {
  const top = t.TOP;
  const c = t.tcnt;
  if (!(top > 0) || c < 0 || c > top) return NaN;
  const ocrC = t.hasOCRC ? t.ocrC : top + 1;
  switch (t.timerMode) {
    case NORMAL:
    case CTC:
    case FAST_PWM:
      // Counting up, wrapping from TOP to 0 (the overflow); a compare above TOP matches only there.
      return Math.min(top + 1 - c, upTo(t.ocrA, c, top), upTo(t.ocrB, c, top), upTo(ocrC, c, top));
    case PHASE_CORRECT:
    case PHASE_FREQUENCY_CORRECT:
      // Up to TOP, down to 0 (the overflow), up again.
      if (t.countingUp ? c === top : c === 0) return NaN;
      return Math.min(
        along(0, c, top, t.countingUp),
        along(top, c, top, t.countingUp),
        along(t.ocrA, c, top, t.countingUp),
        along(t.ocrB, c, top, t.countingUp),
        along(ocrC, c, top, t.countingUp),
      );
    default:
      return NaN;
  }
}

/** Counting up and wrapping at TOP: counts from c until the counter equals value. */
function upTo(value: number, c: number, top: number): number {
  if (value > top) return Infinity;
  const period = top + 1;
  return (value - c + period) % period || period;
}

/** Counting up to TOP and back down to 0: counts from c until the counter equals value. */
function along(value: number, c: number, top: number, countingUp: boolean): number {
  if (value > top) return Infinity;
  if (countingUp) return value > c ? value - c : top - c + (top - value);
  return value < c ? c - value : c + value;
}
