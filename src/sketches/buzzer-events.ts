/** The buzzer's own event (its piezo reports `buzz` itself: src/devices/piezo-events.ts). */
import { defineEvents } from '../report/event-lines.js';

declare module '../report/event-types.js' {
  interface EventCatalog {
    /** The buzzer received a signal and answered it. */
    signal: { channel: string; signal: string; reply: string };
  }
}

export const buzzerEvents = defineEvents({
  signal: (event) => `signal ${event.signal} received on ${event.channel} -> ${event.reply}`,
});
