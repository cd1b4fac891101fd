import { browserMissing, launchBrowser } from '../../../test/support/browser.js';
import { freePort } from '../../lib/free-port.js';
import { freeCircuitFile } from '../circuit-file.js';
import { InspectedChild } from '../inspected-child.js';
import { LoadLoop } from '../load-loop.js';
import type { Scenario } from '../scenario.js';
import { FLAT_OUT } from './circuit.js';

/**
 * The page is reloaded this often: a person coming back to the tab, a new feed client each time.
 * Often enough that the fitted window (the last 40 s of a short run) holds eight whole reloads: at
 * one every 15 s it held two or three, and where they fell in it could tilt the line.
 */
const RELOAD_EVERY_MS = 5_000;

/**
 * The circuit flat out on the mock board with `--view`, a page attached all along: Debian's
 * chromium, headless, driven by playwright-core (never a browser download), reaching only 127.0.0.1.
 */
export const viewScenario: Scenario = {
  name: 'view',
  command: 'pinmesh circuit --board mock --ticks 0 --delay 0 --hold 0 --view --json',
  load: `its own clock flat out; the view open in chromium (headless), reloaded every ${RELOAD_EVERY_MS / 1000} s`,
  missing: browserMissing,
  async start(context) {
    const circuit = await freeCircuitFile(context.dir);
    const viewPort = await freePort();
    const child = await InspectedChild.start('view', {
      command: [process.execPath, context.bin, 'circuit', '--board', 'mock', ...FLAT_OUT, '--view', '--view-port', String(viewPort), '--json', '--circuit', circuit],
      cwd: context.root,
    });
    const browser = await launchBrowser().catch(async (error) => {
      await child.stop();
      throw error;
    });
    try {
      const url = /"url":"([^"]+)"/.exec(await child.waitFor(/"event":"view"/, 60_000))![1]!;
      const { page, errors } = await browser.page();
      await page.goto(url);
      const reloads = new LoadLoop(async (index) => {
        if (index > 0) await page.reload();
      }, RELOAD_EVERY_MS);
      return {
        child,
        loadSoFar: () => `${reloads.describe('page loads')}; ${errors.length} page errors${errors.length ? ` (first: ${errors[0]})` : ''}`,
        stopLoad: async () => {
          await reloads.stop();
          await browser.close();
        },
      };
    } catch (error) {
      await browser.close();
      await child.stop();
      throw error;
    }
  },
};
