/** The button clock's own event (its ticks and acks are tick-events.ts, its button's presses the button's). */
import { defineEvents } from '../report/event-lines.js';

declare module '../report/event-types.js' {
  interface EventCatalog {
    /** A button clock is ready: each press of the button on `pin` ticks `target` (`presses` of them; 0: until stopped). */
    armed: { pin: number; target: string; presses: number };
  }
}

export const buttonClockEvents = defineEvents({
  armed: (event) => `press the button on pin ${event.pin} to tick ${event.target}${event.presses > 0 ? ` (${event.presses} press${event.presses === 1 ? '' : 'es'})` : ''}`,
});
