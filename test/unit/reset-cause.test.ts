import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ATMEGA328P_UNO } from '../../src/boards/sim/mcu.js';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';

// MCUSR (datasheet §10.9.1): PORF after power-on, EXTRF after the reset line (DTR), WDRF after a
// watchdog reset; the flags stay until software clears them. A program that shows MCUSR on port B
// (pin 8 = PORF, 9 = EXTRF, 11 = WDRF), clears it, then lets the watchdog reset the chip after 16 ms.
const program = [
  0xb704, // in   r16, MCUSR
  0xb905, // out  PORTB, r16
  0xef1f, // ldi  r17, 0xff
  0xb914, // out  DDRB, r17
  0xbe14, // out  MCUSR, r1 (0): cleared
  0xe128, // ldi  r18, WDCE|WDE
  0x9320, 0x0060, // sts WDTCSR, r18
  0xe028, // ldi  r18, WDE (16 ms)
  0x9320, 0x0060, // sts WDTCSR, r18
  0xcfff, // rjmp .-2: wait for the watchdog
];

function unoRunning(): SimulatedUno {
  const flash = new Uint16Array(ATMEGA328P_UNO.flashBytes / 2).fill(0xffff);
  flash.set(program);
  return new SimulatedUno({ program: flash, bootLimitMs: 2 });
}

const flags = (uno: SimulatedUno) => ({ PORF: uno.pinLevel(8), EXTRF: uno.pinLevel(9), WDRF: uno.pinLevel(11) });

describe('the reset cause in MCUSR', () => {
  it('power-on, then a watchdog reset that starts the program again with WDRF, the serial port still open', async () => {
    const uno = unoRunning();
    try {
      const transport = await uno.openTransport();
      await uno.start();
      assert.deepEqual(flags(uno), { PORF: 1, EXTRF: 0, WDRF: 0 });
      await once(uno, 'powerOff');
      await once(uno, 'turn');
      assert.deepEqual(flags(uno), { PORF: 0, EXTRF: 0, WDRF: 1 }, 'the program cleared PORF; the watchdog set WDRF');
      assert.ok(transport.isOpen, 'a watchdog reset does not reset the USB serial chip');
    } finally {
      uno.stop();
    }
  });

  it('opening the serial port resets the running board with EXTRF, kept with the uncleared flags', async () => {
    const uno = unoRunning();
    try {
      await uno.start();
      await once(uno, 'powerOff'); // the watchdog: WDRF…
      await once(uno, 'turn'); // …which the program shows and clears
      await (await uno.openTransport()).close();
      await once(uno, 'turn');
      assert.deepEqual(flags(uno), { PORF: 0, EXTRF: 1, WDRF: 0 }, 'software cleared WDRF before; EXTRF now');
    } finally {
      uno.stop();
    }
  });
});
