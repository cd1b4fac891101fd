/**
 * Makes docs/live-view.png, the README's picture of the live view: runs `pinmesh circuit --view` on
 * the simulated Uno, opens the page in Debian's chromium (as the browser tests do), waits until the
 * timeline and the latency histogram have some seconds of ticks in them, and takes a screenshot.
 *
 *   npm run screenshot:view
 */
import { freeCircuitFile, freePort, startCli } from './cli.js';
import { browserMissing, launchBrowser } from './browser.js';

const out = process.argv[2] ?? 'docs/live-view.png';
const missing = browserMissing();
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}
const circuit = await freeCircuitFile();
const viewPort = await freePort();
const cli = startCli(['circuit', '--board', 'sim', '--json', '--ticks', '0', '--delay', '0.5', '--hold', '120', '--view', '--view-port', String(viewPort), '--circuit', circuit.path]);
const view = await cli.waitForEvent((e) => e.event === 'view');
const browser = await launchBrowser();
try {
  const { page, errors } = await browser.page();
  await page.setViewportSize({ width: 1280, height: 760 });
  await page.goto(String(view.url));
  await page.locator('#board-status[data-state="online"]').waitFor();
  // Some seconds of ticks on the strip and in the histogram, then a moment when the LED is lit.
  await page.waitForFunction(() => /(\d+) ticks/.test(document.querySelector('#latency-summary')?.textContent ?? '') && Number(/(\d+) ticks/.exec(document.querySelector('#latency-summary')!.textContent!)![1]) >= 12);
  await page.waitForFunction(() => document.querySelector('#led-13')?.getAttribute('data-on') === '1' && document.querySelector('#piezo-3')?.getAttribute('data-on') === '1');
  await page.screenshot({ path: out, fullPage: true });
  if (errors.length > 0) throw new Error(`console errors: ${errors.join('; ')}`);
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  cli.child.kill('SIGINT');
  await cli.exited;
}
