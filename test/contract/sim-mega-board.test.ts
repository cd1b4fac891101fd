import { existsSync } from 'node:fs';
import { createSimBoard } from '../../src/boards/sim-board.js';
import { modelFirmwarePath, SIM_MEGA } from '../../src/boards/sim/sim-models.js';
import { boardContract, MEGA_PINS } from './board-contract.js';

// The simulated Mega 2560: avr8js as an ATmega2560 (atmega2560-mega.ts) running the Mega's real
// StandardFirmata (firmware/firmware-mega.json), through johnny-five as a real Mega would be.
const hexPath = modelFirmwarePath(SIM_MEGA);

boardContract(
  'simulated Mega 2560 (the Mega StandardFirmata on avr8js, through johnny-five)',
  async () => {
    const { board, uno: mega } = createSimBoard({ model: 'mega', hexPath });
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
    skip: existsSync(hexPath) ? undefined : `the Mega's StandardFirmata is not fetched (${hexPath}): npx pinmesh firmware fetch --board mega`,
  },
);
