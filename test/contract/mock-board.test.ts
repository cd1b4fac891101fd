import { MockBoard } from '../../src/boards/mock-board.js';
import { boardContract } from './board-contract.js';

boardContract(
  'mock board',
  async () => {
    const board = new MockBoard();
    return {
      board,
      unplug: () => board.goOffline(),
      plug: () => board.goOnline(),
      driveInput: (pin, level) => board.setInput(pin, level),
      driveAnalog: (pin, reading) => board.setInput(pin, reading),
    };
  },
  { source: 'host' },
);
