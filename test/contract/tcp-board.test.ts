import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { createTcpBoard } from '../../src/boards/tcp-board.js';
import { TcpBridge } from '../../src/sim-serial/tcp-bridge.js';
import { boardContract } from './board-contract.js';

// The `--board tcp://HOST:PORT` code path (Firmata over TCP, as to a board running
// StandardFirmataWiFi or StandardFirmataEthernet) against the real StandardFirmata: the simulated
// Uno exposed on a TCP port of 127.0.0.1 (`pinmesh sim --tcp`). Pulling the cable cuts the
// connection and refuses new ones until it is back; the board must notice, and come back by itself.
boardContract(
  'simulated Uno on a TCP port, driven as a network Firmata board (--board tcp://127.0.0.1:PORT)',
  async () => {
    const uno = new SimulatedUno();
    const bridge = new TcpBridge(uno, { port: 0 });
    const dispose = async () => {
      await bridge.close();
      uno.stop();
    };
    try {
      const { port } = await bridge.start();
      const board = createTcpBoard(`tcp://127.0.0.1:${port}`);
      await board.ready();
      return {
        board,
        dispose,
        unplug: () => uno.unplug(),
        plug: () => uno.plug(),
        driveInput: (pin, level) => uno.setInput(pin, level),
        driveAnalog: (pin, reading) => uno.setAnalogInput(pin, reading),
      };
    } catch (error) {
      // The contract's after() closes only what it was given: a board that never came up leaves the rest here.
      await dispose();
      throw error;
    }
  },
  { source: 'host' },
);
