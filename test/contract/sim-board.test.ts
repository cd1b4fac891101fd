import { createSimBoard } from '../../src/boards/sim-board.js';
import { boardContract } from './board-contract.js';

// One simulated Uno for the whole file: it boots the real StandardFirmata once. Its inputs are
// driven from outside the chip (the port's input pins, the ADC's channel voltages).
boardContract(
  'simulated Uno (StandardFirmata on avr8js, through johnny-five)',
  async () => {
    const { board, uno } = createSimBoard();
    return {
      board,
      unplug: () => uno.unplug(),
      plug: () => uno.plug(),
      driveInput: (pin, level) => uno.setInput(pin, level),
      driveAnalog: (pin, reading) => uno.setAnalogInput(pin, reading),
    };
  },
  { source: 'mcu', pwmHz: [480, 500], servoPulse: true },
);
