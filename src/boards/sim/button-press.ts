/**
 * Pressing a push button wired to the simulated Uno (pin → button → GND, read with the pin's
 * pull-up), from outside the chip: what the terminal's keys and the live view call.
 *
 *   const press = simButtonPress(board);     // undefined for a board that is not simulated
 *   await press?.tap(2);                     // pressed for 100 simulated ms, then let go
 */
import type { DrivenLevel } from './pin-drive.js';
import type { SimulatedUno } from './simulated-uno.js';

/** How long a tap holds the button down, in simulated ms: a quick finger, and many firmware loops. */
export const TAP_MS = 100;

export interface SimButtonPress {
  /** Presses the button on `pin` (the pin is pulled to GND) and holds it until release(). */
  press(pin: number): void;
  /** What a button's circuit puts on `pin` now: GND (0), 5 V (1), or nothing ('open': the pull-up decides). */
  drive(pin: number, level: DrivenLevel): void;
  /** Lets go of the button on `pin` (nothing drives the pin: its pull-up reads HIGH). */
  release(pin: number): void;
  /** Presses, holds `holdMs` of simulated time (the firmware must see it), lets go. Resolves once let go. */
  tap(pin: number, holdMs?: number): Promise<void>;
}

export function buttonPressOn(uno: SimulatedUno): SimButtonPress {
  const press = (pin: number) => uno.setInput(pin, 0);
  const release = (pin: number) => uno.setInput(pin, 'open');
  return {
    press,
    release,
    drive: (pin, level) => uno.setInput(pin, level),
    tap(pin, holdMs = TAP_MS) {
      press(pin);
      return new Promise<void>((resolve) => {
        const until = uno.simulatedMs + holdMs;
        const letGo = () => {
          uno.off('turn', turn);
          uno.off('powerOff', letGo);
          release(pin);
          resolve();
        };
        const turn = () => uno.simulatedMs >= until && letGo();
        uno.on('turn', turn);
        uno.on('powerOff', letGo); // unplugged meanwhile: the finger lets go all the same
        if (!uno.running) letGo();
      });
    },
  };
}

const pressHooks = new WeakMap<object, SimButtonPress>();

/** Makes `board` (a simulated Uno's Board) pressable by simButtonPress(board). */
export function registerButtonPress(board: object, press: SimButtonPress): void {
  pressHooks.set(board, press);
}

/** The press hook of a board that runs on a simulated Uno, or undefined (mock, real Uno). */
export function simButtonPress(board: object): SimButtonPress | undefined {
  return pressHooks.get(board);
}
