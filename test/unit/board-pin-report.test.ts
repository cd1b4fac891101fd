/**
 * What a pin can do is the connected board's to say: every check (a sketch's pin options, attach,
 * a write, the board node) uses the board's own capability report, and its message names what it
 * was checked against. The Uno's table is only the mock's default. Here the board is the mock
 * reporting other capability sets: a Mega's, and one of its own where pin 3 has no PWM.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { definitionPinModes } from '../../src/boards/board-pins.js';
import type { PinMode } from '../../src/boards/capabilities.js';
import { MockBoard } from '../../src/boards/mock-board.js';
import { MEGA, NANO } from '../../src/chips/board-definitions.js';
import { Piezo } from '../../src/devices/piezo.js';
import { silentReporter } from '../../src/report/events.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { checkPinOptions } from '../../src/runtime/pin-options.js';
import { builtInSketches } from '../../src/sketches/registry.js';
import { TestBoardNode } from '../support/board-node.js';

const tableOf = (modes: (pin: number) => readonly PinMode[], pins: number) => Array.from({ length: pins }, (_, pin) => modes(pin));
const megaReport = tableOf((pin) => definitionPinModes(MEGA, pin), MEGA.pinCount);
/** A board of its own: pin 3 digital only, pin 5 the one PWM pin, pin 13 an output. */
const ownReport: PinMode[][] = [[], [], ['digital-in'], ['digital-in', 'digital-out'], [], ['digital-out', 'pwm'], [], [], [], [], [], [], [], ['digital-out']];

describe("a board's pins come from its own capability report", () => {
  it("the mock stands in with an Uno's pins by default, and says so when it refuses one, with the pins that would do", async () => {
    const board = new MockBoard();
    await assert.rejects(board.pwmWrite(44, 128), /^RangeError: pin 44 cannot be used as pwm on this board \(the mock board's Uno pins\): it is not usable on this board; choose 3, 5, 6, 9, 10 or 11$/);
  });

  it("a board reporting a Mega's pins drives PWM on 44–46 and reads A15 (pin 69)", async () => {
    const board = new MockBoard({ pins: megaReport });
    await board.pwmWrite(44, 128);
    assert.equal(board.duty(44), 128);
    assert.equal(await board.analogRead(69), 0);
    await assert.rejects(board.pwmWrite(14, 1), /pin 14 cannot be used as pwm on this board \(capability report of the mock board\): it supports digital-in, digital-out, servo/);
    await board.close();
  });

  it("a sketch's pin option is checked against the board it runs on, naming the report and the pins that would do", () => {
    const options = builtInSketches.buzzer.options;
    const own = new MockBoard({ pins: ownReport });
    assert.throws(
      () => checkPinOptions(options, { pin: 3 }, own, 'buzzer'),
      /^UserError: bad option for buzzer: pin: pin 3 cannot be used as pwm on this board \(capability report of the mock board\): choose 5$/,
    );
    assert.doesNotThrow(() => checkPinOptions(options, { pin: 5 }, own, 'buzzer'));
    assert.doesNotThrow(() => checkPinOptions(options, { pin: 45 }, new MockBoard({ pins: megaReport }), 'buzzer'), "the Mega's pin 45 has PWM");
    assert.throws(() => checkPinOptions(options, { pin: 45 }, new MockBoard(), 'buzzer'), /choose 3, 5, 6, 9, 10 or 11$/, 'not on an Uno');
  });

  it('attach refuses a device on a pin the board cannot use for it, before anything is written or claimed', () => {
    const board = new MockBoard({ pins: ownReport });
    const node = new NodeBoard(board, 'buzzer', silentReporter);
    assert.throws(() => node.attach(Piezo, 3), /pin 3 cannot be used as pwm on this board \(capability report of the mock board\): it supports digital-in, digital-out/);
    assert.equal(board.writes.count, 0);
    node.attach(Piezo, 5);
  });

  it("a Nano's A6/A7 (pins 20, 21) are analog inputs and nothing else", () => {
    assert.deepEqual(definitionPinModes(NANO, 20), ['analog-in']);
    assert.deepEqual(definitionPinModes(NANO, 21), ['analog-in']);
    assert.deepEqual(definitionPinModes(NANO, 19), ['digital-in', 'digital-out', 'analog-in', 'servo', 'i2c']);
    assert.deepEqual(definitionPinModes(NANO, 22), []);
  });

  describe('through a board node', () => {
    const node = new TestBoardNode(new MockBoard({ pins: megaReport }));
    after(() => node.stop());

    it("its clients get the board's own report and are refused by it", async () => {
      await node.start();
      const client = node.client();
      await client.ready();
      assert.deepEqual(client.pinModes(46), ['digital-in', 'digital-out', 'pwm', 'servo']);
      await client.pwmWrite(46, 10);
      await assert.rejects(client.pwmWrite(50, 10), /pin 50 cannot be used as pwm on this board \(capability report of the mock board\)/);
      const nodeBoard = new NodeBoard(client, 'buzzer', silentReporter);
      assert.throws(() => nodeBoard.attach(Piezo, 50), /pin 50 cannot be used as pwm on this board \(capability report of the board served at ws:\/\/127\.0\.0\.1:\d+\)/);
      await client.close();
    });
  });
});
