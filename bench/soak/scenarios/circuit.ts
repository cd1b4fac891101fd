import { freeCircuitFile } from '../circuit-file.js';
import { InspectedChild } from '../inspected-child.js';
import type { Scenario } from '../scenario.js';

/** Flat out: no ticks limit, no delay between ticks, no hold on each bit. */
export const FLAT_OUT = ['--ticks', '0', '--delay', '0', '--hold', '0'];

/** The article's circuit on `board`, ticking flat out until stopped; its own clock is its load. */
export function circuitScenario(board: 'mock' | 'sim'): Scenario {
  return {
    name: `circuit-${board}`,
    command: `pinmesh circuit --board ${board} --ticks 0 --delay 0 --hold 0 --json`,
    load: 'its own clock, flat out',
    async start(context) {
      const circuit = await freeCircuitFile(context.dir);
      const child = await InspectedChild.start(`circuit --board ${board}`, {
        command: [process.execPath, context.bin, 'circuit', '--board', board, ...FLAT_OUT, '--json', '--circuit', circuit],
        cwd: context.root,
      });
      await child.waitFor(/"event":"ack"/, 120_000).catch(async (error) => {
        await child.stop();
        throw error;
      });
      return { child, loadSoFar: () => `${child.lines.toLocaleString('en')} lines of output`, stopLoad: async () => undefined };
    },
  };
}
