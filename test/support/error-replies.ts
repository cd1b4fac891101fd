import assert from 'node:assert/strict';
import { errorReplyMessage, isErrorReply } from '../../src/runtime/error-reply.js';

/** Asserts that `reply` is an error reply (`error: …`, see errorReply) whose message matches `message`. */
export function assertErrorReply(reply: string, message: RegExp = /./): void {
  assert.ok(isErrorReply(reply), `an error reply, not ${JSON.stringify(reply)}`);
  assert.match(errorReplyMessage(reply)!, message);
}
