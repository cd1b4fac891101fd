import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { Led } from '../../src/devices/led.js';

describe('Led (a device on a DigitalWriter)', () => {
  it('on, off and write drive its pin HIGH and LOW', async () => {
    const board = new MockBoard();
    const led = new Led(board, 13);
    await led.on();
    assert.equal(board.level(13), 1);
    assert.equal(led.isOn, true);
    await led.off();
    assert.equal(board.level(13), 0);
    await led.write(1);
    assert.deepEqual(board.writes.recent().map((w) => [w.kind, w.pin, w.value]), [['digital', 13, 1], ['digital', 13, 0], ['digital', 13, 1]]);
  });

  it('toggle flips the level it last wrote', async () => {
    const board = new MockBoard();
    const led = new Led(board, 7);
    await led.toggle();
    await led.toggle();
    await led.toggle();
    assert.deepEqual(board.writes.recent().map((w) => w.value), [1, 0, 1]);
  });

  it('does not believe a write that did not reach the board', async () => {
    const board = new MockBoard();
    const led = new Led(board, 13);
    board.failWrites('USB cable unplugged');
    await assert.rejects(led.on(), /USB cable unplugged/);
    assert.equal(led.isOn, false);
  });

  it('claims its pin as a digital output', () => {
    assert.deepEqual(Led.claim, { use: 'led', mode: 'digital-out' });
  });
});
