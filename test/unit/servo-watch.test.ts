/**
 * The simulated board's servo truth, read from the MCU's edges: which angle the pulses command,
 * and when. A stand-in MCU raises and lowers the pin at the simulated times given.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { ServoObservation } from '../../src/boards/board.js';
import { ServoWatch } from '../../src/boards/sim/servo-watch.js';
import type { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { pulseForDegrees } from '../../src/boards/servo-pulse.js';

const PIN = 9;
const PERIOD_MS = 20;

/** An MCU whose pin 9 makes one pulse of each width (µs) given, every 20 simulated ms, from `from`. */
class PulsingMcu extends EventEmitter {
  simulatedMs = 0;

  pulses(widthsUs: number[], from = this.simulatedMs): void {
    widthsUs.forEach((widthUs, index) => {
      const rise = from + index * PERIOD_MS;
      this.emit('level', PIN, 1, rise);
      this.emit('level', PIN, 0, rise + widthUs / 1000);
      this.simulatedMs = rise + PERIOD_MS;
      this.emit('turn');
    });
  }
}

function watched(): { mcu: PulsingMcu; seen: ServoObservation[] } {
  const mcu = new PulsingMcu();
  const watch = new ServoWatch(mcu as unknown as SimulatedUno);
  const seen: ServoObservation[] = [];
  watch.on('servo', (observation) => seen.push(observation));
  return { mcu, seen };
}

describe('ServoWatch: the angle a simulated MCU’s pulses command', () => {
  it('reports an angle once two pulses in a row show it, at the first one’s rise, with its width (the very first pulse has no period to check: it is not one)', () => {
    const { mcu, seen } = watched();
    mcu.pulses([1472, 1472, 1472, 1472]);
    assert.deepEqual(seen, [{ pin: PIN, degrees: 90, pulseUs: 1472, at: 20, source: 'mcu' }]);
  });

  it('a first pulse stretched by an interrupt (45° measured as 46°) is not taken for the angle', () => {
    const { mcu, seen } = watched();
    mcu.pulses([2400, 2400, 2400]);
    const stretched = pulseForDegrees(45) + 5.2;
    mcu.pulses([stretched, pulseForDegrees(45), pulseForDegrees(45), pulseForDegrees(45)]);
    assert.deepEqual(seen.map((o) => o.degrees), [180, 45]);
  });

  it('jitter within a few µs of the angle held is not a new angle', () => {
    const { mcu, seen } = watched();
    const at45 = pulseForDegrees(45);
    mcu.pulses([at45, at45, at45, at45 + 6, at45 - 6, at45 + 7, at45 + 7, at45]);
    assert.deepEqual(seen.map((o) => o.degrees), [45]);
  });

  it('a move to the next degree is reported', () => {
    const { mcu, seen } = watched();
    mcu.pulses([pulseForDegrees(45), pulseForDegrees(45), pulseForDegrees(45), pulseForDegrees(46), pulseForDegrees(46), pulseForDegrees(46)]);
    assert.deepEqual(seen.map((o) => [o.degrees, o.at]), [[45, 20], [46, 60]]);
  });

  it('pulses that stop are reported as a stop at the end of the last one; a lone pulse before a gap commands nothing', () => {
    const { mcu, seen } = watched();
    mcu.pulses([1000, 1000, 1000]);
    mcu.simulatedMs += 100;
    mcu.emit('turn');
    mcu.pulses([2000]);
    mcu.simulatedMs += 100;
    mcu.emit('turn');
    mcu.pulses([1000, 2000, 2000, 2000]);
    assert.deepEqual(seen.map((o) => o.degrees ?? 'stop'), [44, 'stop', 141]);
  });
});
