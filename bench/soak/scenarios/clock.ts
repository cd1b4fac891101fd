import { AckServer } from '../ack-server.js';
import { InspectedChild } from '../inspected-child.js';
import type { Scenario } from '../scenario.js';

/** `pinmesh clock -t 0 -d 0` ticking a server that acknowledges at once: as many ticks as it can send. */
export const clockScenario: Scenario = {
  name: 'clock',
  command: 'pinmesh clock -t 0 -d 0 --json',
  load: 'ticks acknowledged at once by a WebSocket server on 127.0.0.1',
  async start(context) {
    const target = await AckServer.start();
    try {
      const child = await InspectedChild.start('clock', {
        command: [process.execPath, context.bin, 'clock', '-t', '0', '-d', '0', '--json', '-s', '127.0.0.1', '-p', String(target.port)],
        cwd: context.root,
      });
      await child.waitFor(/"event":"ack"/, 60_000).catch(async (error) => {
        await child.stop();
        throw error;
      });
      return { child, loadSoFar: () => `${target.frames.toLocaleString('en')} ticks acknowledged`, stopLoad: () => target.close() };
    } catch (error) {
      await target.close();
      throw error;
    }
  },
};
