/** The iopin's own event (its ticks and acks are tick-events.ts). */
import { defineEvents } from '../report/event-lines.js';

declare module '../report/event-types.js' {
  interface EventCatalog {
    /** The iopin drew its bits for a tick. */
    bits: { bits: Array<0 | 1> };
    /** Its peer (the buzzer) answered: ticks are streamed to it from now on. */
    reached: { peer: string };
  }
}

export const ioPinEvents = defineEvents({
  bits: (event) => `toggling pin state: [${event.bits.join(', ')}]`,
  reached: (event) => `${event.peer} answers: ticks are streamed to it`,
});
