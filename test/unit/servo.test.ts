import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { Servo } from '../../src/devices/servo.js';

describe('Servo (a device on a ServoWriter)', () => {
  it('moves to an angle, to the ends and to the middle, one servo write each', async () => {
    const board = new MockBoard();
    const servo = new Servo(board, 9);
    assert.equal(servo.position, undefined);
    assert.equal(await servo.to(90), 90);
    assert.equal(board.angle(9), 90);
    assert.equal(servo.position, 90);
    await servo.min();
    await servo.max();
    await servo.center();
    assert.deepEqual(board.writes.recent().map((w) => [w.kind, w.pin, w.value]), [['servo', 9, 90], ['servo', 9, 0], ['servo', 9, 180], ['servo', 9, 90]]);
  });

  it('keeps within its range, in whole degrees', async () => {
    const board = new MockBoard();
    const servo = new Servo(board, 9, { range: [30, 150] });
    assert.equal(await servo.to(10), 30);
    assert.equal(await servo.to(200), 150);
    assert.equal(await servo.to(44.6), 45);
    assert.equal(await servo.step(-20), 30);
    assert.equal(await servo.center(), 90);
    assert.deepEqual(board.writes.recent().map((w) => w.value), [30, 150, 45, 30, 90]);
  });

  it('steps from the middle before its first move', async () => {
    const servo = new Servo(new MockBoard(), 9);
    assert.equal(await servo.step(10), 100);
    assert.equal(await servo.step(10), 110);
  });

  it('mounted the other way round, sends 180 − the angle', async () => {
    const board = new MockBoard();
    const servo = new Servo(board, 9, { invert: true });
    await servo.to(30);
    assert.equal(board.angle(9), 150);
    assert.equal(servo.position, 30);
  });

  it('refuses a range outside 0–180 or upside down, and an angle that is no number', async () => {
    assert.throws(() => new Servo(new MockBoard(), 9, { range: [0, 200] }), /range is two whole angles within 0–180/);
    assert.throws(() => new Servo(new MockBoard(), 9, { range: [120, 60] }), /first below the second; got \[120, 60\]/);
    await assert.rejects(new Servo(new MockBoard(), 9).to(Number.NaN), /must be a number of degrees, got NaN/);
  });

  it('does not believe a move that did not reach the board', async () => {
    const board = new MockBoard();
    const servo = new Servo(board, 9);
    await servo.to(40);
    board.failWrites('USB cable unplugged');
    await assert.rejects(servo.to(120), /USB cable unplugged/);
    assert.equal(servo.position, 40);
  });

  it('is detached when the board closes: its pulses stop, it holds no position', async () => {
    const board = new MockBoard();
    const servo = new Servo(board, 9);
    const observed: Array<number | undefined> = [];
    board.on('servo', (observation) => observed.push(observation.degrees));
    await servo.to(60);
    await board.close();
    assert.deepEqual(observed, [60, undefined]);
    assert.equal(board.angle(9), undefined);
    assert.deepEqual(board.writes.last(), { ...board.writes.last()!, kind: 'servo-detach', pin: 9 });
  });

  it('claims its pin in servo mode', () => {
    assert.deepEqual(Servo.claim, { use: 'servo', mode: 'servo' });
  });
});
