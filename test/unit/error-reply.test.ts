import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorReply, errorReplyMessage, isErrorReply } from '../../src/runtime/error-reply.js';

describe('error replies: one helper makes one, one recognises one', () => {
  it("makes the article's error reply, `error: ` and what went wrong", () => {
    assert.equal(errorReply('expected 0 or 1, got "2"'), 'error: expected 0 or 1, got "2"');
  });

  it('recognises an error reply, whoever made it (a Python node writes the same prefix), and nothing else', () => {
    assert.equal(isErrorReply(errorReply('board offline')), true);
    assert.equal(isErrorReply('error:board offline'), true);
    for (const reply of ['acknowledged', 'buzz buzz buzz', '...', 'n/a', 'Error: not the prefix', ' error: not at the start']) assert.equal(isErrorReply(reply), false, reply);
  });

  it('says what an error reply says went wrong, and nothing for any other reply', () => {
    assert.equal(errorReplyMessage(errorReply('board offline')), 'board offline');
    assert.equal(errorReplyMessage('acknowledged'), undefined);
  });
});
