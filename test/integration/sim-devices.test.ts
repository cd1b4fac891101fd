/**
 * A servo and a button on the simulated Uno, attached by a node as a sketch attaches them: the
 * button's pin is driven from outside the chip and the real StandardFirmata reports it; the
 * servo's position is read back from the Servo library's pulses on the MCU's pin. One simulated
 * Uno for the file.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { SimulatedUno } from '../../src/boards/sim/index.js';
import { createSimBoard, type SimBoard } from '../../src/boards/sim-board.js';
import { Button, type ButtonChange } from '../../src/devices/button.js';
import { Servo } from '../../src/devices/servo.js';
import { EventReporter, type NodeEvent } from '../../src/report/events.js';
import { humanLine } from '../../src/report/human-line.js';
import { memorySink } from '../../src/report/sinks.js';
import { NodeBoard } from '../../src/runtime/node-board.js';

/** Resolves once `ms` of simulated time have passed on the MCU (it waits on the simulation, not the wall clock). */
function simulatedTime(uno: SimulatedUno, ms: number): Promise<void> {
  const until = uno.simulatedMs + ms;
  return new Promise((resolve) => {
    const turn = () => uno.simulatedMs >= until && (uno.off('turn', turn), resolve());
    uno.on('turn', turn);
  });
}

describe('devices on the simulated Uno', { timeout: 120_000 }, () => {
  let sim: SimBoard;
  let node: NodeBoard;
  let events: NodeEvent[];

  before(async () => {
    sim = createSimBoard();
    await sim.board.ready();
    const sink = memorySink();
    events = sink.events;
    node = new NodeBoard(sim.board, 'desk', new EventReporter([sink]));
  });
  after(async () => {
    // Whatever before() got to: a board that never answered must still be closed, or the file hangs.
    await node?.close();
    await sim?.board.close();
  });

  it('a button on pin 2: pulled to GND outside the chip is a press, let go a release, as the firmware reports them', async () => {
    sim.uno.setInput(2, 'open');
    const button = node.attach(Button, 2);
    assert.equal(await button.start(), false, 'open, the pull-up reads HIGH: released');
    for (let round = 0; round < 2; round++) {
      const pressed = once(button, 'press') as Promise<[ButtonChange]>;
      sim.uno.setInput(2, 0);
      const [press] = await pressed;
      assert.equal(press.pin, 2);
      assert.equal(button.isPressed, true);
      const released = once(button, 'release');
      sim.uno.setInput(2, 'open');
      await released;
      assert.equal(button.isPressed, false);
    }
    const lines = events.filter((event) => event.event === 'button').map((event) => humanLine(event));
    assert.deepEqual(lines, ['button on pin 2 pressed', 'button on pin 2 released', 'button on pin 2 pressed', 'button on pin 2 released']);
    button.stop();
  });

  it('a button nothing has touched reads released: the pin floats, and its pull-up holds it HIGH as on the chip', async () => {
    const button = node.attach(Button, 7);
    assert.equal(await button.start(), false, 'released: the pull-up reads HIGH');
    assert.equal(await sim.board.digitalRead(8), 0, 'without the pull-up, an open pin reads LOW here');
    const pressed = once(button, 'press');
    sim.uno.setInput(7, 0);
    await pressed;
    const released = once(button, 'release');
    sim.uno.setInput(7, 'open');
    await released;
    button.stop();
  });

  it("a servo on pin 9 is where the MCU's pulses say: a move resolves once they command its angle", async () => {
    const servo = node.attach(Servo, 9);
    await servo.to(90);
    const state = sim.servos.state(9);
    assert.ok(state.pulsing && state.degrees === 90, `the MCU pulses for 90°: ${JSON.stringify(state)}`);
    assert.ok(Math.abs(state.pulseUs - 1472) <= 8, `a 1472 µs pulse for 90°, measured ${state.pulseUs} µs`);
    await servo.to(30);
    assert.equal((sim.servos.state(9) as { degrees: number }).degrees, 30);
    const lines = events.filter((event) => event.event === 'servo').map((event) => humanLine(event));
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^servo on pin 9 → 90° \(14(6\d|7\d|80) µs pulses\) \(observed on the MCU\)$/);
    assert.match(lines[1]!, /^servo on pin 9 → 30° \(\d+ µs pulses\) \(observed on the MCU\)$/);
  });

  it('after the board comes back, the servo stays detached (limp) until its next move', async () => {
    const servo = node.attach(Servo, 9);
    const online = once(sim.board, 'online');
    sim.uno.unplug();
    assert.equal(sim.servos.state(9).pulsing, false, 'no power, no pulses');
    await sim.uno.plug();
    await online;
    await simulatedTime(sim.uno, 150);
    assert.equal(sim.servos.state(9).pulsing, false, 'not re-attached: a re-attached servo would swing to the middle');
    await servo.to(45);
    assert.equal((sim.servos.state(9) as { degrees: number }).degrees, 45);
  });
});
