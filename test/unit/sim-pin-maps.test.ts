/**
 * The simulated boards' pin maps are the Arduino core's: each Arduino pin on the port and bit that
 * the core's variants/<board>/pins_arduino.h gives it (digital_pin_to_port_PGM,
 * digital_pin_to_bit_mask_PGM), and the pins with a timer's compare output
 * (digital_pin_to_timer_PGM) are the pins the simulated timers' channels come out on. Read from
 * Debian's arduino-core-avr; skipped where it is not installed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ATMEGA2560_MEGA } from '../../src/boards/sim/atmega2560-mega.js';
import { ATMEGA328P_UNO, portPins, type McuConfig, type PortName } from '../../src/boards/sim/mcu.js';

const VARIANTS = '/usr/share/arduino/hardware/arduino/avr/variants';

/** The body of `const … NAME[] = { … };` in the header, comments removed, the ATmega8's branches dropped. */
function table(header: string, name: string): string {
  const start = header.indexOf(`${name}[]`);
  assert.ok(start >= 0, `${name} in the header`);
  const body = header.slice(header.indexOf('{', start) + 1, header.indexOf('};', start));
  return body
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/#if defined\(__AVR_ATmega8__\)[\s\S]*?#else/g, '')
    .replace(/#endif/g, '');
}

function corePins(header: string): Array<[PortName, number]> {
  const ports = [...table(header, 'digital_pin_to_port_PGM').matchAll(/\bP([A-L])\b/g)].map((m) => m[1] as PortName);
  const bits = [...table(header, 'digital_pin_to_bit_mask_PGM').matchAll(/_BV\(\s*(\d)\s*\)/g)].map((m) => Number(m[1]));
  assert.equal(ports.length, bits.length);
  return ports.map((port, pin) => [port, bits[pin]!]);
}

function coreTimerPins(header: string): number[] {
  const timers = table(header, 'digital_pin_to_timer_PGM').split(',').map((entry) => entry.trim()).filter(Boolean);
  return timers.flatMap((timer, pin) => (timer === 'NOT_ON_TIMER' ? [] : [pin]));
}

/** The pins the config's timer channels (A, B and, where there is one, C) come out on. */
function channelPins(config: McuConfig): number[] {
  const pinsOf = portPins(config);
  const pins = new Set<number>();
  const ports = Object.entries(config.ports) as Array<[PortName, { PORT: number }]>;
  for (const timer of config.timers) {
    const outputs: Array<[number, number]> = [[timer.compPortA, timer.compPinA], [timer.compPortB, timer.compPinB]];
    if (timer.OCRC) outputs.push([timer.compPortC, timer.compPinC]);
    for (const [port, bit] of outputs) {
      const name = ports.find(([, config]) => config.PORT === port)?.[0];
      const pin = name === undefined ? -1 : (pinsOf.get(name)?.[bit] ?? -1);
      if (pin >= 0) pins.add(pin);
    }
  }
  return [...pins].sort((a, b) => a - b);
}

for (const [board, variant, config, pinCount] of [['Uno', 'standard', ATMEGA328P_UNO, 20], ['Mega 2560', 'mega', ATMEGA2560_MEGA, 70]] as const) {
  const path = `${VARIANTS}/${variant}/pins_arduino.h`;
  const skip = existsSync(path) ? false : `${path} is missing (apt-get install arduino-core-avr)`;

  describe(`the simulated ${board}'s pins, against the Arduino core's ${variant} variant`, { skip }, () => {
    it(`puts each of its ${pinCount} pins on the core's port and bit`, () => {
      assert.equal(config.pins.length, pinCount);
      assert.deepEqual(config.pins, corePins(readFileSync(path, 'utf8')));
    });

    it("drives PWM on the core's timer pins, and only on those", () => {
      assert.deepEqual(channelPins(config), coreTimerPins(readFileSync(path, 'utf8')));
    });
  });
}
