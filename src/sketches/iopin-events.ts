/** The iopin's own event (its ticks and acks are tick-events.ts). */
import { defineEvents } from '../report/event-lines.js';

declare module '../report/event-types.js' {
  interface EventCatalog {
    /** The iopin drew its bits for a tick. */
    bits: { bits: Array<0 | 1> };
  }
}

export const ioPinEvents = defineEvents({
  bits: (event) => `toggling pin state: [${event.bits.join(', ')}]`,
});
