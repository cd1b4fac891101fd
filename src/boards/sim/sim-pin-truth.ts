import { setTimeout as sleep } from 'node:timers/promises';
import { BoardOfflineError, type PinObservation, type ToneObservation } from '../board.js';
import type { PinTruth } from '../firmata/pin-truth.js';
import type { SimulatedUno } from './simulated-uno.js';

/** Wall time the MCU gets to show a write on its pin before pinmesh calls the write failed. */
const CONFIRM_WITHIN_MS = 2_000;
const POLL_MS = 1;

/**
 * Pin truth for the simulated Uno: a write counts once the MCU's own port register shows it, and
 * the observation carries the simulated time it was seen at. Tones are what the MCU's pin does,
 * with their frequency measured there.
 */
export function simPinTruth(uno: SimulatedUno): PinTruth {
  const toning = new Map<number, boolean>();
  uno.on('tone', (observation) => toning.set(observation.pin, observation.on));

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + CONFIRM_WITHIN_MS;
    while (!condition()) {
      if (!uno.running) throw new BoardOfflineError(`the simulated Uno lost power before ${what}`);
      if (Date.now() > deadline) throw new BoardOfflineError(`the MCU did not show ${what} within ${CONFIRM_WITHIN_MS} ms`);
      await sleep(POLL_MS);
    }
  }

  return {
    async confirmLevel(pin, value): Promise<PinObservation> {
      await until(() => uno.pinLevel(pin) === value, `pin ${pin} ${value ? 'HIGH' : 'LOW'}`);
      return { pin, value, at: uno.simulatedMs, source: 'mcu' };
    },
    async confirmTone(pin, on) {
      await until(() => (toning.get(pin) ?? false) === on, `a ${on ? 'tone' : 'silence'} on pin ${pin}`);
    },
    onTone(listener: (observation: ToneObservation) => void) {
      uno.on('tone', listener);
      return () => uno.off('tone', listener);
    },
  };
}
