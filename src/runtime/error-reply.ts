/**
 * The article's error reply: a frame a node could not handle still gets its one reply, `error: `
 * and what went wrong (wire-compatible with the Python nodes). One helper makes one, one
 * recognises one: nothing else spells the prefix.
 */
const PREFIX = 'error:';

/** The reply to a frame that failed: `error: <message>`. */
export function errorReply(message: string): string {
  return `${PREFIX} ${message}`;
}

/** True when `reply` is an error reply (`error: …`), whoever made it (a pinmesh node or a Python one). */
export function isErrorReply(reply: string): boolean {
  return reply.startsWith(PREFIX);
}

/** What an error reply says went wrong (`error: board offline` → `board offline`); undefined for any other reply. */
export function errorReplyMessage(reply: string): string | undefined {
  return isErrorReply(reply) ? reply.slice(PREFIX.length).trim() : undefined;
}
