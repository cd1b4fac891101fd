import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { createSimBoard, type SimBoard } from '../../src/boards/sim-board.js';
import { nodeAddressOf, nodeUrl } from '../../src/mesh/circuit.js';
import { assertErrorReply } from '../support/error-replies.js';
import { ArticleClient } from '../support/ws-client.js';
import { eventsOf, startTestMesh, type TestMesh } from '../support/mesh.js';

describe('losing the board mid-run (the simulated Uno’s USB cable pulled and put back)', () => {
  let sim: SimBoard;
  let mesh: TestMesh;
  let clock: ArticleClient;

  before(async () => {
    sim = createSimBoard();
    await sim.board.ready();
    mesh = await startTestMesh({ board: sim.board, iopin: { chance: 0, sequence: 2 } });
    clock = await ArticleClient.connect(nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed'));
  });
  after(async () => {
    // Whatever before() got to: a board that never answered must still be closed, or the file hangs.
    await clock?.close();
    await mesh?.close();
    await sim?.board.close();
  });

  it('acknowledges ticks while the board is there', async () => {
    assert.equal(await clock.request('0'), 'acknowledged');
  });

  it('says the board is offline when the cable is pulled', async () => {
    const offline = once(sim.board, 'offline');
    sim.uno.unplug();
    const [reason] = await offline;
    assert.match(String(reason), /closed/);
  });

  it('replies error, never acknowledged, to a tick whose pin writes did not happen', async () => {
    const pinEventsBefore = eventsOf(mesh.events, 'iopin', 'pin').length;
    assertErrorReply(await clock.request('1'), /offline/);
    assertErrorReply(await clock.request('2'));
    assert.equal(eventsOf(mesh.events, 'iopin', 'pin').length, pinEventsBefore, 'no pin change was observed');
  });

  it('reconnects when the board comes back, re-applies the pin modes and carries on', async () => {
    const online = once(sim.board, 'online');
    await sim.uno.plug();
    await online;
    const pinEventsBefore = eventsOf(mesh.events, 'iopin', 'pin').length;
    const buzzEventsBefore = eventsOf(mesh.events, 'buzzer', 'buzz').length;
    assert.equal(await clock.request('3'), 'acknowledged');
    const seen = eventsOf(mesh.events, 'iopin', 'pin').slice(pinEventsBefore);
    assert.deepEqual(seen.map((event) => [event.pin, event.value, event.source]), [[13, 1, 'mcu']], 'bits 1, 1: one change, the pin HIGH');
    assert.ok(eventsOf(mesh.events, 'buzzer', 'buzz').slice(buzzEventsBefore).some((event) => event.on === true && event.source === 'mcu'), 'the piezo sounds again: PWM mode re-applied');
  });
});
