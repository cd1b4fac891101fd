import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { PIEZO_DUTY, Piezo } from '../../src/devices/piezo.js';

describe('Piezo (a device on a PwmWriter)', () => {
  it('sounds at 50 % duty (one PWM write) and is silenced at 0', async () => {
    const board = new MockBoard();
    const piezo = new Piezo(board, 3);
    await piezo.on();
    assert.equal(PIEZO_DUTY, 128);
    assert.equal(board.duty(3), PIEZO_DUTY);
    assert.equal(piezo.isSounding, true);
    await piezo.off();
    assert.equal(board.duty(3), 0);
    assert.deepEqual(board.writes.recent().map((w) => [w.kind, w.pin, w.value]), [['pwm', 3, PIEZO_DUTY], ['pwm', 3, 0]]);
  });

  it('needs a PWM pin: the board refuses one without', async () => {
    const piezo = new Piezo(new MockBoard(), 13);
    await assert.rejects(piezo.on(), /pin 13 cannot be used as pwm/);
    assert.equal(piezo.isSounding, false);
  });

  it('does not believe a sound the board did not make', async () => {
    const board = new MockBoard();
    const piezo = new Piezo(board, 3);
    board.goOffline();
    await assert.rejects(piezo.on(), /offline/);
    assert.equal(piezo.isSounding, false);
  });

  it('claims its pin for PWM', () => {
    assert.deepEqual(Piezo.claim, { use: 'piezo', mode: 'pwm' });
  });
});
