/** What a piezo reports: it knows it is one, so the PWM on its pin is a `buzz`, not a `pwm`. */
import type { ObservationSource, PwmObservation } from '../boards/board.js';
import { observed } from '../report/core-event-lines.js';
import { defineEvents } from '../report/event-lines.js';
import type { EventOf } from '../report/event-types.js';

declare module '../report/event-types.js' {
  interface EventCatalog {
    /** A piezo started or stopped sounding, with its frequency when measured on the MCU. */
    buzz: { pin: number; on: boolean; frequency?: number; at: number; source: ObservationSource };
  }
}

export const piezoEvents = defineEvents({
  buzz: (event) => {
    const pitch = event.frequency ? ` at ${Math.round(event.frequency)} Hz` : '';
    return `piezo on pin ${event.pin} ${event.on ? `sounding${pitch}` : 'silent'}${observed(event.source)}`;
  },
});

/** The `buzz` a piezo's PWM makes: sounding at any duty above 0 (with its pitch where measured), silent at 0. */
export function buzzOf(observation: PwmObservation): EventOf<'buzz'> {
  const on = observation.duty > 0;
  return { event: 'buzz', pin: observation.pin, on, ...(on && observation.frequency !== undefined ? { frequency: observation.frequency } : {}), at: observation.at, source: observation.source };
}
