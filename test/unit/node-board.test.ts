import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DigitalWriter } from '../../src/boards/capabilities.js';
import { MockBoard } from '../../src/boards/mock-board.js';
import { Button } from '../../src/devices/button.js';
import { Led } from '../../src/devices/led.js';
import type { DeviceClaim, ObservationKind, ReportingDevice } from '../../src/devices/device.js';
import { Piezo, PIEZO_DUTY } from '../../src/devices/piezo.js';
import { Servo } from '../../src/devices/servo.js';
import { UserError } from '../../src/errors.js';
import { EventReporter } from '../../src/report/events.js';
import type { BoardObservable, InputObservation } from '../../src/boards/board.js';
import { defineEvents } from '../../src/report/event-lines.js';
import type { PinmeshEvent } from '../../src/report/event-types.js';
import { humanLine } from '../../src/report/human-line.js';
import { reportObservations } from '../../src/runtime/observations.js';
import { memorySink } from '../../src/report/sinks.js';
import { NodeBoard } from '../../src/runtime/node-board.js';
import { VirtualClock } from '../../src/time/virtual-clock.js';

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

declare module 'pinmesh' {
  interface EventCatalog {
    /** The test's doorbell rang. */
    rang: { pin: number };
  }
}

/** A device a sketch brings itself that reports: a doorbell on an input, which rings when it goes HIGH. */
class Doorbell implements ReportingDevice {
  static readonly claim: DeviceClaim = { use: 'doorbell', mode: 'digital-in' };
  static readonly events = defineEvents({ rang: (event) => `the doorbell on pin ${event.pin} rang` });
  readonly observes: readonly ObservationKind[] = [];
  constructor(
    private readonly board: BoardObservable,
    readonly pin: number,
  ) {}
  reportTo(report: (event: PinmeshEvent) => void): () => void {
    const listener = (input: InputObservation) => input.pin === this.pin && input.value === 1 && report({ event: 'rang', pin: this.pin });
    this.board.on('input', listener);
    return () => this.board.off('input', listener);
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

  it('a device reports what it observes itself, one way: the piezo its PWM as buzz (never a pwm as well), once however often the sketch asks for it', async () => {
    const { events, buzzer } = nodes();
    await buzzer.piezo(3).on();
    await buzzer.piezo(3).off();
    await buzzer.attach(Piezo, 3).on();
    assert.deepEqual(events.map((event) => [event.node, event.event, humanLine(event)]), [
      ['buzzer', 'buzz', 'piezo on pin 3 sounding'],
      ['buzzer', 'buzz', 'piezo on pin 3 silent'],
      ['buzzer', 'buzz', 'piezo on pin 3 sounding'],
    ]);
  });

  it("a device of the sketch's own reports through the same way, its events with their lines", async () => {
    const { board, events, iopin } = nodes();
    iopin.attach(Doorbell, 7);
    assert.equal(await iopin.digitalRead(7), 0);
    board.setInput(7, 1);
    assert.deepEqual(events.map((event) => [event.node, event.event, humanLine(event)]), [
      ['iopin', 'input', 'pin 7 input → HIGH'],
      ['iopin', 'rang', 'the doorbell on pin 7 rang'],
    ]);
  });

  it('the board itself, which holds no device, says the PWM on a pin last claimed for a piezo as the piezo does', async () => {
    const { board, events, buzzer } = nodes();
    const piezo = buzzer.piezo(3);
    await buzzer.close();
    const stop = reportObservations(board, new EventReporter([{ write: (event) => events.push(event) }]), 'board');
    await piezo.on();
    await board.pwmWrite(5, 64);
    stop();
    assert.deepEqual(events.map((event) => [event.node, event.event, humanLine(event)]), [
      ['board', 'buzz', 'piezo on pin 3 sounding'],
      ['board', 'pwm', 'pin 5 PWM at 25 %'],
    ]);
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

  it("refuses an option the device does not take, before the pin is claimed (a JavaScript sketch's servo { min, max } would otherwise travel to 180°), with the one a misspelt name meant", () => {
    const { board, iopin } = nodes();
    assert.throws(() => iopin.attach(Servo, 9, { min: 10, max: 170 } as never), { name: 'TypeError', message: 'Servo takes the options range and invert, not "min"' });
    assert.throws(() => iopin.attach(Button, 2, { debounce: 50 } as never), { name: 'TypeError', message: 'Button takes the options debounceMs and wiredTo, not "debounce": did you mean "debounceMs"?' });
    assert.throws(() => iopin.attach(Led, 13, { on: true } as never), { name: 'TypeError', message: 'Led takes no options, not "on"' });
    assert.deepEqual([...board.pinSetups()], [], 'no pin was set up');
    // The same pins, attached as the devices take them.
    iopin.attach(Servo, 9, { range: [10, 170] });
    iopin.attach(Button, 2, { debounceMs: 50 });
    iopin.attach(Led, 13);
  });

  it('stops reporting a device\'s events when the node closes', async () => {
    const { board, events, iopin } = nodes();
    await iopin.attach(Button, 2, { debounceMs: 0 }).start();
    await iopin.close();
    board.setInput(2, 0);
    assert.deepEqual(events, []);
  });

  it('stops its buttons when the node closes: the sketch hears no press after it', async () => {
    const { board, iopin } = nodes();
    const button = iopin.attach(Button, 2, { debounceMs: 0 });
    const heard: string[] = [];
    button.on('press', () => heard.push('press'));
    await button.start();
    await iopin.close();
    board.setInput(2, 0);
    assert.deepEqual(heard, []);
  });

  it('drops a button\'s debounce still waiting when the node closes: no release comes after it', async () => {
    // On a virtual clock: the debounce ends only when the test moves time on, after the close (on the
    // wall's, a busy machine could end it while the close was awaited).
    const clock = new VirtualClock();
    const board = new MockBoard({ clock });
    const iopin = new NodeBoard(board, 'iopin', new EventReporter([memorySink()]), clock);
    const button = iopin.attach(Button, 2, { debounceMs: 30 });
    const heard: string[] = [];
    button.on('press', () => heard.push('press'));
    button.on('release', () => heard.push('release'));
    await button.start();
    board.setInput(2, 0);
    board.setInput(2, 'open'); // let go within the debounce: the release waits for its end
    await iopin.close();
    await clock.advance(60);
    assert.deepEqual(heard, ['press']);
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

describe("a sketch's analog pins by Arduino's names", () => {
  it("analogRead('A0') reads the board's first analog input (14 on an Uno), claimed as that pin", async () => {
    const { board, iopin } = nodes();
    board.setInput(15, 700);
    try {
      assert.equal(await iopin.analogRead('A1'), 700);
      assert.equal(board.pinSetups().get(15), 'ANALOG');
      assert.throws(() => iopin.claim(15, 'digital-out'), /pin 15/);
    } finally {
      await board.close(); // its readings are reported until then
    }
  });

  it('a name that is not an analog input, or a digital pin read as analog, says which pins are', async () => {
    const { iopin } = nodes();
    await assert.rejects(iopin.analogRead('A9' as 'A0'), /^RangeError: pin "A9" is not an analog input of this board: they are pins 14–19 \(A0–A5\)$/);
    // Arduino's analogRead(0) means A0: here 0 is the serial pin D0.
    await assert.rejects(iopin.analogRead(0), /pin 0 cannot be used as analog-in .*; the analog inputs are pins 14–19 \(A0–A5\): analogRead\('A0'\) or the pin's number$/);
  });
});

describe("a node's analog readings as events", () => {
  it('every reading is an input event; one equal to the one before is marked unchanged (no human line)', async () => {
    const { board, events, iopin } = nodes();
    board.setInput(14, 300);
    try {
      await iopin.analogRead('A0', { intervalMs: 5 });
      const readings = () => events.filter((event) => event.event === 'input' && event.pin === 14) as Array<{ value: number; unchanged?: true }>;
      while (readings().length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      board.setInput(14, 600);
      while (!readings().some((reading) => reading.value === 600)) await new Promise((resolve) => setTimeout(resolve, 5));
      const seen = readings().map(({ value, unchanged }) => [value, unchanged === true]);
      assert.deepEqual(seen[0], [300, false]);
      assert.ok(seen.slice(1, seen.findIndex(([value]) => value === 600)).every(([value, same]) => value === 300 && same), JSON.stringify(seen));
      assert.deepEqual(seen.find(([value]) => value === 600), [600, false]);
    } finally {
      await board.close();
    }
  });
});

describe("a sketch's own listeners on the board", () => {
  it('go when its node closes; one it took off itself is not taken off twice', async () => {
    const { board, iopin } = nodes();
    const before = board.listenerCount('input');
    const kept = () => undefined;
    const dropped = () => undefined;
    iopin.on('input', kept).on('input', dropped).off('input', dropped);
    assert.equal(board.listenerCount('input'), before + 1);
    await iopin.close();
    assert.equal(board.listenerCount('input'), before - 1, "the node's own reporting and the sketch's listener are gone");
  });
});
