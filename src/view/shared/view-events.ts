/**
 * The events the live view reads: pinmesh's own (`replied` for the answers of every node), and,
 * declared beside their code, the article's ticks and acks (tick-events.ts) and the piezo's
 * `buzz` (piezo-events.ts), and the iopin's `reached` (iopin-events.ts). Importing them here brings their declarations into the page's
 * program too (the page's build does not compile the sketches).
 */
import type {} from '../../devices/piezo-events.js';
import type {} from '../../sketches/iopin-events.js';
import type {} from '../../sketches/tick-events.js';

export type { NodeEvent } from '../../report/event-types.js';
