import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findSocat } from '../../src/sim-serial/socat.js';
import { browserMissing, launchBrowser, type TestBrowser } from '../support/browser.js';
import { freePort, startCli } from '../support/cli.js';
import { assertLedFollowsMcu, recordLed } from '../support/led-states.js';
import { blinkHex } from '../support/real-bootloader.js';

/**
 * `pinmesh sim --firmware FILE.hex --view`: a user's own compiled program on the simulated Uno, in
 * the live view (Debian's chromium, driven by playwright-core): avrgirl's Blink lights pin 13's LED
 * exactly as the MCU's pin events say, on and off.
 */
const skip = browserMissing() ?? (findSocat() ? undefined : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal');

describe('pinmesh sim --firmware --view in a real browser', { skip, timeout: 300_000 }, () => {
  let browser: TestBrowser;
  let dir: string;
  before(async () => {
    browser = await launchBrowser();
    dir = await mkdtemp(join(tmpdir(), 'pinmesh-sim-view-'));
  });
  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('Blink on the simulated Uno: the board online with the firmware’s name, pin 13’s LED following the MCU, no console errors', async () => {
    const viewPort = await freePort();
    const link = join(dir, 'uno');
    const cli = startCli(['sim', '--serial', '--link', link, '--firmware', await blinkHex(), '--view', '--view-port', String(viewPort), '--json']);
    const { page, errors } = await browser.page();
    try {
      const view = await cli.waitForEvent((e) => e.event === 'view');
      assert.equal(view.url, `http://127.0.0.1:${viewPort}/`);
      await page.goto(String(view.url));
      await page.locator('#board-status[data-state="online"]').waitFor();
      assert.match(await page.locator('#board-identity').innerText(), new RegExp(`Blink-uno\\.hex simulated on ${link} \\(sim\\)`));
      await page.locator('#led-13').waitFor({ state: 'attached' });
      await recordLed(page);
      // The LED goes on and off, each state it showed a pin event the MCU reported.
      await assertLedFollowsMcu(page, cli);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.close();
      cli.child.kill('SIGINT');
      const result = await cli.exited;
      assert.equal(result.code, 130, result.stderr);
    }
  });
});
