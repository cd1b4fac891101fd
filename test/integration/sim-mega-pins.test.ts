/**
 * The simulated Mega 2560's pin map and peripherals, pin by pin where the Mega differs from the
 * Uno: the Arduino core's irregular map (pins_arduino.h, mega variant) across ports A–L (H–L in the
 * extended I/O), PWM from every timer channel it wires (OCnC included, and pin 13's PB7, which OC0A
 * and OC1C share), and ADC8–15 through MUX5: what the real Mega StandardFirmata writes and reads, seen
 * on the MCU.
 *
 * The Mega's StandardFirmata is 2.3: it reports an analog pin only in ANALOG mode, which firmata-io
 * never sends (it found that pinmesh left a pin used as an output unreported).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FirmataBoard } from '../../src/boards/firmata/firmata-board.js';
import { createSimBoard } from '../../src/boards/sim-board.js';
import type { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { readFirmwareManifest } from '../../src/firmware/firmware-manifest.js';
import { megaFirmware } from '../support/mega-firmware.js';

describe('the simulated Mega 2560, pin by pin', { timeout: 300_000 }, () => {
  let board: FirmataBoard;
  let mega: SimulatedUno;

  before(async () => {
    ({ board, uno: mega } = createSimBoard({ model: 'mega', hexPath: await megaFirmware() }));
  });
  after(() => board.close());

  it('answers with the firmware firmware-mega.json names, on the simulated ATmega2560, as the sim-mega --board names it', async () => {
    const { firmware } = readFirmwareManifest(undefined, 'mega');
    const identity = await board.ready();
    assert.deepEqual([identity.firmware, identity.version, identity.port, identity.kind], [firmware.name, firmware.version, 'simulated ATmega2560', 'sim-mega']);
  });

  // Pin → where pins_arduino.h puts it, for a pin of each kind of place.
  for (const [pin, place] of [[22, 'PA0'], [37, 'PC0'], [38, 'PD7'], [41, 'PG0'], [14, 'PJ1 (extended I/O)'], [49, 'PL0 (extended I/O)'], [53, 'PB0'], [69, 'PK7 (extended I/O)']] as const) {
    it(`a digital write on pin ${pin} drives ${place}`, async () => {
      await board.digitalWrite(pin, 1);
      assert.equal(mega.pinLevel(pin), 1);
      await board.digitalWrite(pin, 0);
      assert.equal(mega.pinLevel(pin), 0);
    });
  }

  for (const [pin, channel] of [[13, 'OC0A on PB7 (which OC1C shares)'], [2, 'OC3B'], [4, 'OC0B on PG5'], [8, 'OC4C on PH5 (extended I/O)'], [9, 'OC2B on PH6'], [44, 'OC5C on PL5'], [46, 'OC5A on PL3']] as const) {
    it(`a PWM write on pin ${pin} runs ${channel} at its duty, 0 stops it`, async () => {
      await board.pwmWrite(pin, 77);
      assert.deepEqual([mega.pwmState(pin).driving, mega.pwmState(pin).ocr], [true, 77]);
      await board.pwmWrite(pin, 0);
      assert.equal(mega.pwmState(pin).driving, false);
    });
  }

  it('reads A0 (ADC0) and A15 (pin 69: ADC15, through MUX5)', async () => {
    mega.setAnalogInput(54, 100);
    mega.setAnalogInput(69, 900);
    assert.equal(await board.analogRead(54, { intervalMs: 20 }), 100);
    assert.equal(await board.analogRead(69, { intervalMs: 20 }), 900);
  });

  it('reads an analog input that was a digital output before (A8, pin 62: the pin is set back to ANALOG)', async () => {
    await board.digitalWrite(62, 1);
    await board.digitalWrite(62, 0);
    mega.setAnalogInput(62, 321);
    assert.equal(await board.analogRead(62, { intervalMs: 20 }), 321);
  });

  it('refuses an analog reading on a pin that is not an analog input, naming the Mega’s', () => {
    assert.throws(() => mega.setAnalogInput(14, 1), /pin 14 is not an analog input \(A0–A15 are pins 54–69\)/);
  });
});
