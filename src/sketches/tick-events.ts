/** The article's ticks: the clock sends them (clock.ts, button-clock.ts), the iopin answers them (iopin.ts). */
import { defineEvents } from '../report/event-lines.js';

declare module '../report/event-types.js' {
  interface EventCatalog {
    /** The clock sent a tick (`tick`, `target`), or the iopin received one (`channel`, `message`, `bits`). */
    tick: { tick: number; target: string } | { channel: string; message: string; bits: Array<0 | 1> };
    /** The clock's tick was acknowledged (`tick`, `reply`), or the iopin's peer acked a bit (`peer`, `message`, `reply`). */
    ack: { tick: number; reply: string } | { peer: string; message: string; reply: string };
    /** The clock is done: `acked` of `ticks` were acknowledged. */
    done: { acked: number; ticks: number };
  }
}

export const tickEvents = defineEvents({
  tick: (event) => ('target' in event ? `> ${event.tick}` : `new tick triggered on ${event.channel}: ${event.message}`),
  ack: (event) => ('peer' in event ? `${event.peer} < ${event.message} > ${event.reply}` : `< ${event.reply}`),
  done: (event) => `${event.acked} of ${event.ticks} ticks acknowledged`,
});
