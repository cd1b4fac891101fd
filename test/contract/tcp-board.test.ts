import { after } from 'node:test';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { createTcpBoard } from '../../src/boards/tcp-board.js';
import { TcpBridge } from '../../src/sim-serial/tcp-bridge.js';
import { boardContract } from './board-contract.js';

// The `--board tcp://HOST:PORT` code path (Firmata over TCP, as to a board running
// StandardFirmataWiFi or StandardFirmataEthernet) against the real StandardFirmata: the simulated
// Uno exposed on a TCP port of 127.0.0.1 (`pinmesh sim --tcp`). Pulling the cable cuts the
// connection and refuses new ones until it is back; the board must notice, and come back by itself.
let bridge: TcpBridge | undefined;
let uno: SimulatedUno | undefined;

after(async () => {
  await bridge?.close();
  uno?.stop();
});

boardContract(
  'simulated Uno on a TCP port, driven as a network Firmata board (--board tcp://127.0.0.1:PORT)',
  async () => {
    uno = new SimulatedUno();
    bridge = new TcpBridge(uno, { port: 0 });
    const { port } = await bridge.start();
    const board = createTcpBoard(`tcp://127.0.0.1:${port}`);
    await board.ready();
    return {
      board,
      unplug: () => uno!.unplug(),
      plug: () => uno!.plug(),
      driveInput: (pin, level) => uno!.setInput(pin, level),
      driveAnalog: (pin, reading) => uno!.setAnalogInput(pin, reading),
    };
  },
  { source: 'host' },
);
