import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { claimsOf } from '../../src/boards/pin-claims.js';
import { BoardHub, type EventSink } from '../../src/board-node/board-hub.js';
import type { ServerEvent } from '../../src/boards/remote/protocol.js';
import { EventReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';

describe("the board node's hub forgets the clients that left", () => {
  it('a thousand clients joining, taking pin 13 and leaving: none is pushed events any more, none holds a pin or a claim', async () => {
    const board = new MockBoard();
    const hub = new BoardHub(board, await board.ready(), new EventReporter([memorySink()]), 'board');
    const pushedToLeft: ServerEvent[] = [];
    for (let index = 0; index < 1_000; index++) {
      const sink: EventSink = { push: (event) => pushedToLeft.push(event) };
      const client = hub.join(sink, `127.0.0.1:${40_000 + index}`);
      hub.claim(13, client, { node: `visitor${index}`, mode: 'digital-out', use: 'led' });
      await board.digitalWrite(13, 1);
      pushedToLeft.length = 0; // what it saw while it was there is fine
      hub.leave(sink); // as its socket closes (served-client.ts): first no more events, then its outputs made safe
      assert.deepEqual(await hub.release(client), [13]);
    }
    await board.digitalWrite(13, 0);
    assert.deepEqual(pushedToLeft, [], 'no event goes to a client that left');
    assert.equal(hub.owners.ownerOf(13), undefined, 'pin 13 is free');
    assert.deepEqual(claimsOf(board).pinsOf('visitor999#1000'), [], 'no claim of a client that left is kept');
    assert.equal(board.level(13), 0);

    const stays: ServerEvent[] = [];
    hub.join({ push: (event) => stays.push(event) }, '127.0.0.1:50000');
    await board.digitalWrite(13, 1);
    assert.equal(stays.filter((event) => event.event === 'pin').length, 1, 'a client still there gets the events');
    hub.stop();
    await board.close();
  });
});
