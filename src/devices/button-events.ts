/** What a button reports: its debounced presses and releases. */
import type { ObservationSource } from '../boards/board.js';
import { defineEvents } from '../report/event-lines.js';

declare module '../report/event-types.js' {
  interface EventCatalog {
    /** A button was pressed or released, debounced. `at`: when its input showed the level. */
    button: { pin: number; pressed: boolean; at: number; source: ObservationSource };
  }
}

export const buttonEvents = defineEvents({
  button: (event) => `button on pin ${event.pin} ${event.pressed ? 'pressed' : 'released'}`,
});
