import { createSimBoard } from '../../src/boards/sim-board.js';
import { megaFirmware } from '../support/mega-firmware.js';
import { boardContract, MEGA_PINS } from './board-contract.js';

// The simulated Mega 2560: avr8js as an ATmega2560 (atmega2560-mega.ts) running the Mega's real
// StandardFirmata (firmware/firmware-mega.json), through johnny-five as a real Mega would be.

boardContract(
  'simulated Mega 2560 (the Mega StandardFirmata on avr8js, through johnny-five)',
  async () => {
    const { board, uno: mega } = createSimBoard({ model: 'mega', hexPath: await megaFirmware() });
    return {
      board,
      unplug: () => mega.unplug(),
      plug: () => mega.plug(),
      driveInput: (pin, level) => mega.setInput(pin, level),
      driveAnalog: (pin, reading) => mega.setAnalogInput(pin, reading),
    };
  },
  {
    source: 'mcu',
    pwmHz: [480, 500],
    servoPulse: true,
    pins: MEGA_PINS,
  },
);
