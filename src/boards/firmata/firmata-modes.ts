import type { PinMode } from '../capabilities.js';
import type { FirmataIO } from './firmata-link.js';

/** Firmata's pin mode names (its capability response) → the board layer's modes. */
const MODES: Readonly<Record<string, PinMode>> = {
  INPUT: 'digital-in',
  PULLUP: 'digital-in',
  OUTPUT: 'digital-out',
  PWM: 'pwm',
  ANALOG: 'analog-in',
  SERVO: 'servo',
  I2C: 'i2c',
};

/** Every pin's modes, from the firmware's answer to the capability query (firmata-io's `pins[n].supportedModes`). */
export function firmataPinModes(io: Pick<FirmataIO, 'pins' | 'MODES'>): Array<readonly PinMode[]> {
  const names = new Map(Object.entries(io.MODES).map(([name, value]) => [value, name]));
  return io.pins.map((pin) => {
    const modes = new Set<PinMode>();
    for (const mode of pin.supportedModes) {
      const known = MODES[names.get(mode) ?? ''];
      if (known) modes.add(known);
    }
    return [...modes];
  });
}
