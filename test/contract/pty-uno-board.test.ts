import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { createUnoBoard } from '../../src/boards/uno-board.js';
import { SerialBridge } from '../../src/sim-serial/serial-bridge.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { boardContract } from './board-contract.js';

// The real `--board uno` code path (serialport with its lock, johnny-five, firmata-io, the reset on
// open, unplug detection) against the real StandardFirmata: the simulated Uno behind a
// pseudo-terminal made by socat. Pulling the cable removes the port; the board must notice, and
// come back by itself when the port does.
const socat = findSocat();
let bridge: SerialBridge | undefined;
let uno: SimulatedUno | undefined;

after(async () => {
  await bridge?.close();
  uno?.stop();
});

boardContract(
  'simulated Uno on a pseudo-terminal, driven as a real Uno (--board uno --serial-port PTY)',
  async () => {
    uno = new SimulatedUno();
    bridge = new SerialBridge(uno, { link: join(await mkdtemp(join(tmpdir(), 'pinmesh-pty-')), 'uno') });
    const { link } = await bridge.start();
    const board = await createUnoBoard({ serialPort: link });
    await board.ready();
    return {
      board,
      unplug: () => void bridge!.unplug(),
      plug: async () => void (await bridge!.plug()),
      driveInput: (pin, level) => uno!.setInput(pin, level),
      driveAnalog: (pin, reading) => uno!.setAnalogInput(pin, reading),
    };
  },
  { source: 'host', skip: socat ? undefined : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal' },
);
