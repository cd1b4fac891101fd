import { AckServer } from '../ack-server.js';
import { freeCircuitFile } from '../circuit-file.js';
import { InspectedChild } from '../inspected-child.js';
import { LoadLoop } from '../load-loop.js';
import type { Scenario } from '../scenario.js';

/**
 * How often the soak presses the button: each press is the simulated button held 100 simulated ms
 * (see cli/extensions/key-presses.ts), then the debounce; a press every 200 ms is as fast as the
 * contact reads cleanly.
 */
const PRESS_EVERY_MS = 200;

/**
 * `pinmesh button --board sim` under a pseudo-terminal, pressed by typing space into it, as a person
 * does: each press taps the simulated button on pin 2, which the real StandardFirmata reports, and
 * the button clock sends a tick to a server that acknowledges at once.
 */
export const buttonScenario: Scenario = {
  name: 'button',
  command: 'pinmesh button --board sim --json',
  load: `space typed into its terminal every ${PRESS_EVERY_MS} ms (a press of the simulated button); ticks acknowledged at once`,
  missing: () => (process.platform === 'linux' ? undefined : 'needs util-linux `script` for a terminal'),
  async start(context) {
    const target = await AckServer.start();
    try {
      const circuit = await freeCircuitFile(context.dir, target.port);
      const child = await InspectedChild.start('button', {
        command: [process.execPath, context.bin, 'button', '--board', 'sim', '--json', '--circuit', circuit],
        cwd: context.root,
        terminal: true,
      });
      await child.waitFor(/"event":"keys".*"tty":true/, 120_000);
      const presses = new LoadLoop(async () => child.type(' '), PRESS_EVERY_MS);
      await child.waitFor(/"event":"ack"/, 60_000).catch(async (error) => {
        await presses.stop();
        await child.stop();
        throw error;
      });
      return {
        child,
        loadSoFar: () => `${presses.describe('presses typed')}; ${target.frames.toLocaleString('en')} ticks acknowledged`,
        stopLoad: async () => {
          await presses.stop();
          await target.close();
        },
      };
    } catch (error) {
      await target.close();
      throw error;
    }
  },
};
