import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { PIEZO_DUTY } from '../../src/devices/piezo.js';
import { silentReporter } from '../../src/report/events.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { Buzzer } from '../../src/sketches/buzzer.js';
import { FakePeers } from '../support/fake-peers.js';

describe('Buzzer sketch', () => {
  let board: MockBoard;
  let buzzer: Buzzer;

  beforeEach(async () => {
    board = new MockBoard();
    buzzer = new Buzzer({ name: 'buzzer', board: new NodeBoard(board, 'buzzer', silentReporter), peers: new FakePeers().asPeers(), reporter: silentReporter });
    await buzzer.setup({});
  });

  it('switches the piezo on for 1 and replies the sound, as the article does', async () => {
    assert.equal(await buzzer.loop('/iopin', '1'), 'buzz buzz buzz');
    assert.equal(board.duty(3), PIEZO_DUTY);
  });

  it('silences the piezo for 0 and replies ...', async () => {
    await buzzer.loop('/iopin', '1');
    assert.equal(await buzzer.loop('/iopin', '0'), '...');
    assert.equal(board.duty(3), 0);
  });

  it('replies its own sound on its own pin when set up with them', async () => {
    const custom = new Buzzer({ name: 'buzzer', board: new NodeBoard(board, 'other-buzzer', silentReporter), peers: new FakePeers().asPeers(), reporter: silentReporter });
    await custom.setup({ sound: 'beep', pin: 5 });
    assert.equal(await custom.loop('/', '1'), 'beep');
    assert.deepEqual(board.writes.last(), { ...board.writes.last()!, kind: 'pwm', pin: 5, value: PIEZO_DUTY });
  });

  it('refuses anything but 0 and 1 and leaves the piezo as it was', async () => {
    await buzzer.loop('/iopin', '1');
    const before = board.writes.count;
    await assert.rejects(Promise.resolve(buzzer.loop('/iopin', 'hello')), /expected 0 or 1, got "hello"/);
    await assert.rejects(Promise.resolve(buzzer.loop('/iopin', '')), /expected 0 or 1/);
    assert.equal(board.writes.count, before);
    assert.equal(board.duty(3), PIEZO_DUTY);
  });

  it('does not claim a sound the board did not make', async () => {
    board.goOffline('cable pulled');
    await assert.rejects(Promise.resolve(buzzer.loop('/iopin', '1')), /offline/);
  });
});
