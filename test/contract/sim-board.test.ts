import { createSimBoard } from '../../src/boards/sim-board.js';
import { boardContract } from './board-contract.js';

// One simulated Uno for the whole file: it boots the real StandardFirmata once.
boardContract(
  'simulated Uno (StandardFirmata on avr8js, through johnny-five)',
  async () => {
    const { board, uno } = createSimBoard();
    return { board, unplug: () => uno.unplug(), plug: () => uno.plug() };
  },
  { source: 'mcu', toneHz: [480, 500] },
);
