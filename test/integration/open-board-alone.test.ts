/**
 * A board opened alone by a program (`openBoard`), as docs/library.md shows: it is connecting when
 * it is handed over, and answers once its ready() resolves.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoardOfflineError, openBoard } from '../../src/index.js';

describe('a board opened alone with openBoard', () => {
  it('a write before ready() is refused with what to do (await board.ready()), and after it the write reaches the pin', async () => {
    const board = await openBoard('sim');
    try {
      await assert.rejects(board.digitalWrite(13, 1), (error: unknown) => {
        assert.ok(error instanceof BoardOfflineError);
        assert.match(error.message, /^the sim board on simulated ATmega328P has not answered yet: await board\.ready\(\) before using it$/);
        return true;
      });
      await board.ready();
      await board.digitalWrite(13, 1); // resolves once the MCU's pin shows it
    } finally {
      await board.close();
    }
  });
});
