/**
 * avr8js counts a timer with one clock event per prescaler step: every 64 cycles for each of the
 * Arduino core's three timers on an Uno, a tenth of the instructions an idle firmware executes.
 * Almost none of those steps can be seen. A step shows only when the counter reaches TOP, BOTTOM or
 * a compare value (a flag set: an interrupt, or a TIFR the program polls; an output-compare pin
 * moved; a double-buffered OCR taken), and the counter's value shows only when the CPU reads TCNTn,
 * where avr8js counts up to that cycle first.
 *
 * So each timer's next event is put at its next such step, and avr8js's count(), which counts from
 * the cycle counter, covers the steps between at once, as it does for a TCNTn read. What it counts
 * with (mode, TOP, compare values, prescaler, the counter itself) changes only when the CPU writes
 * TCCRnA/B/C, TCNTn, OCRnx or ICRn: before such a write the timer is counted up to that cycle, as the
 * per-step events would have left it, and after it the next event is placed afresh.
 *
 * This reads AVRTimer's private fields through timer-horizon.ts's check: a timer whose fields are
 * not there keeps avr8js's per-step events.
 */
import type { AVRTimer, AVRTimerConfig, CPU, CPUMemoryHook } from 'avr8js';
import { countsUpAndDown, readTimer, stepsToNextEvent, type TimerInternals } from './timer-horizon.js';

type Count = (reschedule?: boolean, external?: boolean) => void;

/** Makes `timer` count lazily (see above); false if its internals are not avr8js 0.21's (then it counts per step). */
export function countLazily(cpu: CPU, timer: AVRTimer, config: AVRTimerConfig): boolean {
  const t = readTimer(timer);
  if (!t) return false;
  const perStep = t.count as unknown as Count;
  const count: Count = (reschedule = true, external = false) => {
    // A TCNTn read's count (reschedule false), an external clock's step and a new prescaler (which places
    // its own first event) are avr8js's own.
    if (!reschedule || external || t.updateDivider) return perStep(reschedule, external);
    if (countsUpAndDown(t)) {
      countDueStepsAlone(t, cpu.cycles, perStep);
    } else {
      passUnseenSteps(t, cpu.cycles);
      perStep(false);
    }
    if (t.divider) cpu.addClockEvent(count, nextStepSeen(t) - cpu.cycles);
  };
  (t as unknown as { count: Count }).count = count;

  const replan = (): void => {
    if (t.updateDivider || t.tcntUpdated || !t.divider) return;
    cpu.updateClockEvent(count, nextStepSeen(t) - cpu.cycles);
  };
  const registers = [config.TCCRA, config.TCCRB, config.TCCRC, config.TCNT, config.OCRA, config.OCRB, config.OCRC, config.ICR];
  for (const address of registers) {
    if (!address) continue;
    const written: CPUMemoryHook | undefined = cpu.writeHooks[address];
    cpu.writeHooks[address] = (value, oldValue, addr, mask) => {
      countPendingSteps(t, perStep);
      const handled = written ? written(value, oldValue, addr, mask) : false;
      replan();
      return handled;
    };
  }
  return true;
}

/**
 * Counts the timer's steps up to now, as a TCNTn read does: between two of its events a lazily
 * counted timer's counter and last step are those of its last event, so two chips in the same
 * state may hold them at different steps; counted up to now they agree (mcu-state.ts).
 */
export function countUpToNow(timer: AVRTimer): void {
  const t = readTimer(timer);
  if (t) countPendingSteps(t, t.count as unknown as Count);
}

/**
 * Counts the steps due up to now with `count` (avr8js's, without placing an event), unless a new
 * prescaler or a counter write is waiting for the event at the next cycle, which applies it.
 */
function countPendingSteps(t: TimerInternals, count: Count): void {
  if (!t.updateDivider && !t.tcntUpdated && t.divider) count(false);
}

/**
 * Counts the steps due before the last one as plain counts: none of them reaches TOP, BOTTOM or a
 * compare value (the event is at the first that does), so only the counter moves. avr8js's count()
 * then counts the last step alone, as its per-step event would have: it tells an overflow or a
 * compare match from the counter before and after, which a whole period counted at once (from 0
 * round to 0) would hide, and in a phase correct mode it walks each step it counts.
 */
function passUnseenSteps(t: TimerInternals, cycles: number): void {
  if (t.tcntUpdated || !t.divider) return;
  const due = Math.floor((cycles - t.lastCycle) / t.divider);
  const unseen = Math.min(due, stepsToNextEvent(t)) - 1;
  if (!(unseen > 0)) return;
  t.tcnt += !countsUpAndDown(t) || t.countingUp ? unseen : -unseen;
  t.lastCycle += unseen * t.divider;
}

/**
 * Counts every step due, as avr8js's count() would have, for a phase correct timer whose event
 * fired late (an idle loop's skip jumped past steps of a timer nobody can see: no interrupt, no
 * pin): count() walks such steps one at a time, hundreds for a millisecond skipped. Here each step
 * anyone could see is counted alone by avr8js, at the cycle its walk would have counted it at
 * (now), and the plain steps between are passed at once. As in avr8js's walk, every step compares
 * with the OCR values the walk began with: one a double-buffered OCR takes at TOP or BOTTOM holds
 * from the next count on.
 */
function countDueStepsAlone(t: TimerInternals, now: number, perStep: Count): void {
  const { ocrA, ocrB, ocrC } = t;
  let takenA = ocrA;
  let takenB = ocrB;
  let takenC = ocrC;
  for (;;) {
    passUnseenSteps(t, now);
    const last = !t.divider || t.tcntUpdated || Math.floor((now - t.lastCycle) / t.divider) <= 1 || !Number.isFinite(stepsToNextEvent(t));
    if (last) {
      perStep(false); // all that are left
    } else {
      // One step due as avr8js sees it, counted at the cycle it counts all of them at (now).
      const stepped = t.lastCycle + t.divider;
      t.lastCycle = now - t.divider;
      perStep(false);
      t.lastCycle = stepped;
    }
    if (t.ocrA !== ocrA) takenA = t.ocrA;
    if (t.ocrB !== ocrB) takenB = t.ocrB;
    if (t.ocrC !== ocrC) takenC = t.ocrC;
    if (last) break;
    t.ocrA = ocrA;
    t.ocrB = ocrB;
    t.ocrC = ocrC;
  }
  t.ocrA = takenA;
  t.ocrB = takenB;
  t.ocrC = takenC;
}

/** The cycle of the timer's next step that sets a flag, moves a pin or takes an OCR (the next step if unsure). */
function nextStepSeen(t: TimerInternals): number {
  const steps = stepsToNextEvent(t);
  return t.lastCycle + (Number.isFinite(steps) && steps >= 1 ? steps : 1) * t.divider;
}
