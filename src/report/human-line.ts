import { lineOf } from './event-lines.js';
import type { PinmeshEvent } from './event-types.js';

export { describeBoard } from './core-event-lines.js';

/**
 * The human line for an event, in the article's style (the `[ node ]` prefix is the sink's): the
 * line its module gave it (`defineEvents`), or its name and fields for an event nobody gave one.
 * Undefined for an event with no human line (`replied`), which the human output leaves out.
 */
export function humanLine(event: PinmeshEvent): string | undefined {
  return lineOf(event);
}
