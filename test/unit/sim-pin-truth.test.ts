/**
 * The simulated Uno's pin truth (src/boards/sim/sim-pin-truth.ts) when the MCU never shows a write:
 * the write fails 2,000 simulated ms after its bytes landed, and the error says what was expected
 * and what the pin shows instead. The chip is a stand-in here, its time and pins moved by the test.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { BoardOfflineError } from '../../src/boards/board.js';
import type { ServoState, ServoWatch } from '../../src/boards/sim/servo-watch.js';
import { simPinTruth } from '../../src/boards/sim/sim-pin-truth.js';
import type { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';

class StandInUno extends EventEmitter {
  simulatedMs = 0;
  readonly levels = new Map<number, 0 | 1>();
  pinLevel(pin: number): 0 | 1 {
    return this.levels.get(pin) ?? 0;
  }
  pwmState(): { driving: false } {
    return { driving: false };
  }
  /** Simulated time passes: a turn of the CPU. */
  pass(ms: number): void {
    this.simulatedMs += ms;
    this.emit('turn');
  }
}

class StandInServos extends EventEmitter {
  readonly states = new Map<number, ServoState>();
  state(pin: number): ServoState {
    return this.states.get(pin) ?? { pulsing: false };
  }
}

function truth() {
  const uno = new StandInUno();
  const servos = new StandInServos();
  return { uno, servos, truth: simPinTruth(uno as unknown as SimulatedUno, servos as unknown as ServoWatch) };
}

describe('the simulated Uno, when its MCU never shows a write', () => {
  it('a digital write fails 2,000 simulated ms after its bytes landed, saying what the pin shows', async () => {
    const { uno, truth: pins } = truth();
    const write = pins.confirmLevel(13, 1, Promise.resolve());
    await Promise.resolve();
    uno.pass(2_000);
    uno.pass(1);
    await assert.rejects(write, (error: Error) => {
      assert.ok(error instanceof BoardOfflineError);
      assert.equal(error.message, 'the MCU did not show digital pin 13 HIGH within 2000 ms (simulated) of receiving the write; the pin shows LOW');
      return true;
    });
  });

  it('a servo write that the pulses never show names the angle they command', async () => {
    const { uno, servos, truth: pins } = truth();
    servos.states.set(9, { pulsing: true, degrees: 76, pulseUs: 1328 });
    const write = pins.confirmServo(9, 174, Promise.resolve());
    await Promise.resolve();
    uno.pass(2_001);
    await assert.rejects(write, /did not show servo pin 9 servo pulses for 174° within 2000 ms \(simulated\) of receiving the write; the pin shows servo pulses for 76°$/);
  });

  it('a write the pin shows in time is confirmed at the simulated ms it showed it', async () => {
    const { uno, truth: pins } = truth();
    const write = pins.confirmLevel(13, 1, Promise.resolve());
    await Promise.resolve();
    uno.pass(5);
    uno.levels.set(13, 1);
    uno.emit('level', 13, 1, 5.25);
    assert.deepEqual(await write, { pin: 13, value: 1, at: 5.25, source: 'mcu' });
  });
});
