/**
 * avr8js's pending clock events: a private, cycle-sorted list on the CPU (`nextClockEvent`, each
 * entry `{ cycles, callback, next }`), which the idle-loop skip reads for its horizon and a chip
 * snapshot (mcu-state.ts) reads and writes. One place reaches into it, with a check of its shape:
 * a changed avr8js makes firstClockEvent() say undefined, and its readers then do without.
 */
import type { CPU } from 'avr8js';

export interface ClockEvent {
  cycles: number;
  callback: () => void;
  next: ClockEvent | null;
}

/** The first pending clock event (null: none), or undefined if the CPU keeps none such. */
export function firstClockEvent(cpu: CPU): ClockEvent | null | undefined {
  const head = (cpu as unknown as { nextClockEvent?: ClockEvent | null }).nextClockEvent;
  return head === null || (typeof head === 'object' && typeof head.cycles === 'number') ? head : undefined;
}

/** Replaces the pending clock events with `head` and those after it (in cycle order). */
export function setClockEvents(cpu: CPU, head: ClockEvent | null): void {
  (cpu as unknown as { nextClockEvent: ClockEvent | null }).nextClockEvent = head;
}
