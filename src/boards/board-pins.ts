import type { BoardDefinition } from '../chips/board-definitions.js';
import type { PinMode } from './capabilities.js';

const noModes: readonly PinMode[] = Object.freeze([]);
const tables = new WeakMap<BoardDefinition, ReadonlyArray<readonly PinMode[]>>();

/**
 * What StandardFirmata says a board's pins can do, from its definition: the serial pins nothing,
 * every other pin digital in/out and a servo, plus PWM, analog in and I2C where the board has them;
 * an analog-only pin (a Nano's A6/A7) analog in alone. The offline default: a connected board's own
 * capability report replaces it.
 */
export function definitionPinModes(definition: BoardDefinition, pin: number): readonly PinMode[] {
  let table = tables.get(definition);
  if (!table) {
    table = modeTable(definition);
    tables.set(definition, table);
  }
  return (Number.isInteger(pin) ? table[pin] : undefined) ?? noModes;
}

/** Every pin's modes, worked out once: boards ask on every write. */
function modeTable(board: BoardDefinition): ReadonlyArray<readonly PinMode[]> {
  return Array.from({ length: board.pinCount }, (_, pin) => {
    if (board.serialPins.includes(pin)) return noModes;
    if (board.analogOnlyPins.includes(pin)) return Object.freeze<PinMode[]>(['analog-in']);
    const modes: PinMode[] = ['digital-in', 'digital-out'];
    if (board.pwmPins.includes(pin)) modes.push('pwm');
    if (board.analogPins.includes(pin)) modes.push('analog-in');
    modes.push('servo');
    if (board.i2cPins.includes(pin)) modes.push('i2c');
    return Object.freeze(modes);
  });
}
