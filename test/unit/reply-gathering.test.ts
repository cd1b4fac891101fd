import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ReplyGathering, type Wire } from '../../src/runtime/reply-gathering.js';

/** A wire that says whether it is corked (Node's sockets count nested corks the same way). */
function fakeWire(): Wire & { corks: number } {
  const wire = {
    corks: 0,
    cork: () => void (wire.corks += 1),
    uncork: () => void (wire.corks = Math.max(0, wire.corks - 1)),
  };
  return wire;
}

describe('reply gathering: replies to frames that came together leave together', () => {
  it('a lone frame (stop-and-wait) is never held: the wire stays uncorked', () => {
    const wire = fakeWire();
    const gathering = new ReplyGathering(wire);
    gathering.frameArrived(0);
    assert.equal(wire.corks, 0);
    gathering.replied(0);
    assert.equal(wire.corks, 0);
  });

  it('a frame that arrives while replies are owed corks the wire, once, until no reply is owed', () => {
    const wire = fakeWire();
    const gathering = new ReplyGathering(wire);
    gathering.frameArrived(0);
    gathering.frameArrived(1);
    gathering.frameArrived(2);
    assert.equal(wire.corks, 1);
    gathering.replied(2);
    gathering.replied(1);
    assert.equal(wire.corks, 1, 'still owed: still gathering');
    gathering.replied(0);
    assert.equal(wire.corks, 0, 'nothing owed: out they go');
  });

  it('replies still owed at the end of the turn do not hold back those already written: the wire is uncorked then', async () => {
    const wire = fakeWire();
    const gathering = new ReplyGathering(wire);
    gathering.frameArrived(0);
    gathering.frameArrived(1);
    gathering.replied(1); // the second frame's reply waits on something slow
    assert.equal(wire.corks, 1);
    await nextTurn();
    assert.equal(wire.corks, 0);
    gathering.replied(0);
    assert.equal(wire.corks, 0, 'uncorked once, not twice');
  });
});
