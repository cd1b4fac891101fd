import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { SimulatedUno, type SimulatedUnoOptions } from '../../src/boards/sim/simulated-uno.js';
import { createUnoBoard } from '../../src/boards/uno-board.js';
import { SerialBridge } from '../../src/sim-serial/serial-bridge.js';
import { findSocat } from '../../src/sim-serial/socat.js';
import { boardContract } from './board-contract.js';

/**
 * The contract suite on the real `--board uno` code path (serialport with its lock, johnny-five,
 * firmata-io, the reset on open, unplug detection) against a simulated Uno behind a pseudo-terminal
 * made by socat. Pulling the cable removes the port; the board must notice, and come back by
 * itself when the port does.
 */
export function ptyUnoContract(name: string, options: { uno?: SimulatedUnoOptions; readyTimeoutMs?: number; skip?: string } = {}): void {
  let bridge: SerialBridge | undefined;
  let uno: SimulatedUno | undefined;
  after(async () => {
    await bridge?.close();
    uno?.stop();
  });
  const skip = findSocat() ? options.skip : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';
  boardContract(
    name,
    async () => {
      uno = new SimulatedUno(options.uno);
      bridge = new SerialBridge(uno, { link: join(await mkdtemp(join(tmpdir(), 'pinmesh-pty-')), 'uno') });
      const { link } = await bridge.start();
      const board = await createUnoBoard({ serialPort: link, readyTimeoutMs: options.readyTimeoutMs });
      await board.ready();
      return {
        board,
        unplug: () => void bridge!.unplug(),
        plug: async () => void (await bridge!.plug()),
        driveInput: (pin, level) => uno!.setInput(pin, level),
        driveAnalog: (pin, reading) => uno!.setAnalogInput(pin, reading),
      };
    },
    { source: 'host', skip },
  );
}
