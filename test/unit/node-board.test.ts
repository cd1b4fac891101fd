import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DigitalWriter } from '../../src/boards/capabilities.js';
import { MockBoard } from '../../src/boards/mock-board.js';
import { Button } from '../../src/devices/button.js';
import type { DeviceClaim } from '../../src/devices/device.js';
import { PIEZO_DUTY } from '../../src/devices/piezo.js';
import { Servo } from '../../src/devices/servo.js';
import { UserError } from '../../src/errors.js';
import { EventReporter } from '../../src/report/events.js';
import { humanLine } from '../../src/report/human-line.js';
import { memorySink } from '../../src/report/sinks.js';
import { NodeBoard } from '../../src/runtime/node-board.js';

/** A device a sketch brings itself: a relay, on the DigitalWriter capability. */
class Relay {
  static readonly claim: DeviceClaim = { use: 'relay', mode: 'digital-out' };
  constructor(
    private readonly board: DigitalWriter,
    readonly pin: number,
  ) {}
  close() {
    return this.board.digitalWrite(this.pin, 1);
  }
}

function nodes() {
  const board = new MockBoard();
  const sink = memorySink();
  const reporter = new EventReporter([sink]);
  return { board, events: sink.events, iopin: new NodeBoard(board, 'iopin', reporter), buzzer: new NodeBoard(board, 'buzzer', reporter) };
}

describe("a node's view of a shared board", () => {
  it("keeps the sketch API: digitalOutput(pin).write() and piezo(pin).on()/.off()", async () => {
    const { board, iopin, buzzer } = nodes();
    await iopin.digitalOutput(13).write(1);
    await buzzer.piezo(3).on();
    assert.equal(board.level(13), 1);
    assert.equal(board.duty(3), PIEZO_DUTY);
    await buzzer.piezo(3).off();
    assert.equal(board.duty(3), 0);
  });

  it('lets a sketch make any device from the capabilities', async () => {
    const { board, iopin } = nodes();
    const relay = iopin.attach(Relay, 8);
    await relay.close();
    assert.equal(board.level(8), 1);
  });

  it("reports each observation as the event of the node that claimed the pin: pin, buzz", async () => {
    const { events, iopin, buzzer } = nodes();
    await iopin.digitalOutput(13).write(1);
    await buzzer.piezo(3).on();
    const seen = events.map((event) => [event.node, event.event, humanLine(event)]);
    assert.deepEqual(seen, [
      ['iopin', 'pin', 'pin 13 → HIGH'],
      ['buzzer', 'buzz', 'piezo on pin 3 sounding'],
    ]);
    assert.deepEqual(Object.keys(events[1]!).filter((key) => !['node', 'event', 'time'].includes(key)), ['pin', 'on', 'at', 'source']);
  });

  it('reports other PWM and inputs as pwm and input events', async () => {
    const { board, events, iopin } = nodes();
    await iopin.pwmWrite(5, 64);
    board.setInput(2, 1);
    assert.equal(await iopin.digitalRead(2), 1);
    board.setInput(2, 0);
    assert.deepEqual(events.map((event) => [event.event, humanLine(event)]), [
      ['pwm', 'pin 5 PWM at 25 %'],
      ['input', 'pin 2 input → LOW'],
    ]);
  });

  it('attaches a servo and a button like any device, and reports their servo and button events as its own', async () => {
    const { board, events, iopin } = nodes();
    const servo = iopin.attach(Servo, 9, { range: [10, 170] });
    const button = iopin.attach(Button, 2, { debounceMs: 0 });
    await servo.to(180);
    await button.start();
    board.setInput(2, 0);
    await board.close();
    assert.deepEqual(events.map((event) => [event.event, humanLine(event)]), [
      ['servo', 'servo on pin 9 → 170°'],
      ['input', 'pin 2 input → LOW'],
      ['button', 'button on pin 2 pressed'],
      ['servo', 'servo on pin 9 detached: no pulses, holding no position'],
    ]);
  });

  it('stops reporting a device\'s events when the node closes', async () => {
    const { board, events, iopin } = nodes();
    await iopin.attach(Button, 2, { debounceMs: 0 }).start();
    await iopin.close();
    board.setInput(2, 0);
    assert.deepEqual(events, []);
  });

  it('refuses a pin claimed for another use, naming who has it', () => {
    const { iopin, buzzer } = nodes();
    iopin.digitalOutput(3);
    assert.throws(() => buzzer.piezo(3), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.message, 'pin 3 is already used as led (digital-out) by iopin; buzzer cannot use it as piezo (pwm): give one of them another pin');
      return true;
    });
  });

  it('frees its pins when the node closes', async () => {
    const { iopin, buzzer } = nodes();
    iopin.digitalOutput(3);
    await iopin.close();
    assert.doesNotThrow(() => buzzer.piezo(3));
  });
});
