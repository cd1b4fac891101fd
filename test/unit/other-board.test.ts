import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otherBoardWarning } from '../../src/boards/other-board.js';

const identity = (kind: string, board?: string) => ({ kind, firmware: 'StandardFirmata.ino', version: '2.3', port: '/dev/ttyACM0', ...(board && { board }) });

describe('a board driven as another than its firmware reports', () => {
  it('a Mega driven as an Uno: what to pass, and why', () => {
    assert.equal(
      otherBoardWarning(identity('uno', 'mega')),
      "driven as --board uno, but its firmware reports an Arduino Mega 2560's pins: pass --board mega, so that its pins, LED and flashing are the Arduino Mega 2560's",
    );
  });

  it('nothing when they agree, when the firmware names no board, or for boards without a name of their own (the simulator, the mock, one over TCP)', () => {
    for (const [kind, board] of [['mega', 'mega'], ['uno', undefined], ['sim', 'uno'], ['mock', 'uno'], ['tcp', 'uno']] as const) {
      assert.equal(otherBoardWarning(identity(kind, board)), undefined, `${kind} reporting ${board}`);
    }
  });
});
