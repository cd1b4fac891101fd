import type { SimulatedUno } from './simulated-uno.js';

const unos = new WeakMap<object, SimulatedUno>();

/** Makes the simulated MCU behind `board` reachable through simUnoOf(board) (recordings read its pins). */
export function registerSimUno(board: object, uno: SimulatedUno): void {
  unos.set(board, uno);
}

/** The simulated MCU a board runs on, or undefined (mock, real Uno, a board node's). */
export function simUnoOf(board: object): SimulatedUno | undefined {
  return unos.get(board);
}
