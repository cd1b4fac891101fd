import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { MockBoard } from '../../src/boards/mock-board.js';
import { silentReporter } from '../../src/report/events.js';
import { Buzzer } from '../../src/sketches/buzzer.js';
import { FakePeers } from '../support/fake-peers.js';

describe('Buzzer sketch', () => {
  let board: MockBoard;
  let buzzer: Buzzer;

  beforeEach(async () => {
    board = new MockBoard();
    buzzer = new Buzzer({ name: 'buzzer', board, peers: new FakePeers().asPeers(), reporter: silentReporter });
    await buzzer.setup({});
  });

  it('switches the piezo on for 1 and replies the sound, as the article does', async () => {
    assert.equal(await buzzer.loop('/iopin', '1'), 'buzz buzz buzz');
    assert.equal(board.level('piezo', 3), 1);
  });

  it('silences the piezo for 0 and replies ...', async () => {
    await buzzer.loop('/iopin', '1');
    assert.equal(await buzzer.loop('/iopin', '0'), '...');
    assert.equal(board.level('piezo', 3), 0);
  });

  it('replies its own sound on its own pin when set up with them', async () => {
    const custom = new Buzzer({ name: 'buzzer', board, peers: new FakePeers().asPeers(), reporter: silentReporter });
    await custom.setup({ sound: 'beep', pin: 5 });
    assert.equal(await custom.loop('/', '1'), 'beep');
    assert.deepEqual(board.writes.at(-1), { ...board.writes.at(-1), device: 'piezo', pin: 5, value: 1 });
  });

  it('refuses anything but 0 and 1 and leaves the piezo as it was', async () => {
    await buzzer.loop('/iopin', '1');
    const before = board.writes.length;
    await assert.rejects(Promise.resolve(buzzer.loop('/iopin', 'hello')), /expected 0 or 1, got "hello"/);
    await assert.rejects(Promise.resolve(buzzer.loop('/iopin', '')), /expected 0 or 1/);
    assert.equal(board.writes.length, before);
    assert.equal(board.level('piezo', 3), 1);
  });

  it('does not claim a sound the board did not make', async () => {
    board.goOffline('cable pulled');
    await assert.rejects(Promise.resolve(buzzer.loop('/iopin', '1')), /offline/);
  });
});
