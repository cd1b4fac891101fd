/**
 * The library takes a serial port as the command line does: one given empty ('' or blanks, a
 * script's unset variable) is a mistake said in one line, never serialport's 'TypeError: "path" is
 * not defined' once the board is opened, nor a search for the Uno by its USB identity.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError, openBoard, serveNode, startBoardNode, startCircuit, startClock } from '../../src/index.js';

const EMPTY = "serialPort is empty: give the board's serial port (pinmesh ports lists them)";

function isEmptySerialPortError(error: unknown): true {
  assert.ok(error instanceof UserError, `a UserError, not ${String(error)}`);
  assert.equal(error.message, EMPTY);
  return true;
}

describe('an empty serialPort in the library', () => {
  it('openBoard refuses it for every board kind, before opening anything', async () => {
    for (const kind of ['uno', 'nano', 'mega', 'mock', 'sim']) {
      for (const serialPort of ['', '  ']) {
        await assert.rejects(openBoard(kind, { serialPort }), isEmptySerialPortError, `${kind} with ${JSON.stringify(serialPort)}`);
      }
    }
  });

  it('startCircuit, serveNode, startClock and startBoardNode refuse it before starting, instead of searching for the Uno', async () => {
    const starts = {
      startCircuit: () => startCircuit({ board: 'uno', serialPort: '', ticks: 1, anyPorts: true }),
      serveNode: () => serveNode({ name: 'iopin', board: 'uno', serialPort: '', port: 0 }),
      startClock: () => startClock({ sketch: 'button', board: 'uno', serialPort: '' }),
      startBoardNode: () => startBoardNode({ board: 'uno', serialPort: ' ', port: 0 }),
    };
    for (const [name, start] of Object.entries(starts)) await assert.rejects(start(), isEmptySerialPortError, name);
  });

  it('a serial port that is given is the one opened', async () => {
    const board = await openBoard('uno', { serialPort: '/dev/pinmesh-test-no-such-port' });
    assert.equal(board.port, '/dev/pinmesh-test-no-such-port');
    await board.close();
  });
});
