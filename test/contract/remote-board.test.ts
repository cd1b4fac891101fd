import { MockBoard } from '../../src/boards/mock-board.js';
import { createSimBoard } from '../../src/boards/sim-board.js';
import { TestBoardNode } from '../support/board-node.js';
import { boardContract } from './board-contract.js';

// A RemoteBoard is a board like the others: the same contract, through a board node on loopback.

// In front of a mock board. Pulling the cable here is the network: the board node goes away and comes back on its port.
boardContract(
  'remote board (ws://) in front of a mock board',
  async () => {
    const mock = new MockBoard();
    const node = await new TestBoardNode(mock).start();
    const board = node.client();
    return {
      board,
      unplug: () => void node.stop(),
      plug: async () => void (await node.start()),
      driveInput: (pin, level) => mock.setInput(pin, level),
      driveAnalog: (pin, reading) => mock.setInput(pin, reading),
      dispose: async () => {
        await node.stop();
        await mock.close();
      },
    };
  },
  { source: 'host' },
);

// In front of the simulated Uno: the observations are the MCU's, and its own USB cable is pulled.
boardContract(
  'remote board (ws://) in front of the simulated Uno',
  async () => {
    const { board: sim, uno } = createSimBoard();
    // A board that never answered is closed here, as the contract's after() never gets it: left running, it hangs the file.
    await sim.ready().catch(async (error: unknown) => {
      await sim.close();
      throw error;
    });
    const node = await new TestBoardNode(sim).start();
    const board = node.client();
    return {
      board,
      unplug: () => uno.unplug(),
      plug: () => uno.plug(),
      driveInput: (pin, level) => uno.setInput(pin, level),
      driveAnalog: (pin, reading) => uno.setAnalogInput(pin, reading),
      dispose: async () => {
        await node.stop();
        await sim.close();
      },
    };
  },
  { source: 'mcu', pwmHz: [480, 500], servoPulse: true },
);
