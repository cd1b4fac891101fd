import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { SimulatedUno } from '../../src/boards/sim/simulated-uno.js';
import { createUnoBoard } from '../../src/boards/uno-board.js';
import { SerialBridge } from '../../src/sim-serial/serial-bridge.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { ATMEGABOOT, realBootloaderSkip } from '../support/real-bootloader.js';
import { boardContract } from './board-contract.js';

// As pty-uno-board.test.ts, with a real bootloader (Debian's ATmegaBOOT, the Nano's) in the
// simulated chip: every open of the port resets the MCU into the bootloader, which waits for a
// flasher, gets Firmata's first queries instead, and starts StandardFirmata, as on a real Nano.
const socat = findSocat();
let bridge: SerialBridge | undefined;
let uno: SimulatedUno | undefined;

after(async () => {
  await bridge?.close();
  uno?.stop();
});

boardContract(
  'simulated Uno with a bootloader on a pseudo-terminal, booting through it (--board uno --serial-port PTY)',
  async () => {
    uno = new SimulatedUno({ bootloaderPath: ATMEGABOOT });
    bridge = new SerialBridge(uno, { link: join(await mkdtemp(join(tmpdir(), 'pinmesh-pty-boot-')), 'uno') });
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
  {
    source: 'host',
    skip: socat ? (realBootloaderSkip() || undefined) : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal',
  },
);
