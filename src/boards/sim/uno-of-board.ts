/**
 * The simulated MCU behind a Board, for what must reach it from outside the Firmata link (a test's
 * clock follows its time; a test sets its analog inputs). Type-only: no avr8js is loaded by asking.
 */
import type { SimulatedUno } from './simulated-uno.js';

const unos = new WeakMap<object, SimulatedUno>();

export function registerSimulatedUno(board: object, uno: SimulatedUno): void {
  unos.set(board, uno);
}

/** The simulated Uno a board runs on, or undefined (mock, real Uno, board node). */
export function simulatedUnoOf(board: object): SimulatedUno | undefined {
  return unos.get(board);
}
