import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { findSocat } from '../../src/sim-serial/socat.js';
import { browserMissing, launchBrowser, type TestBrowser } from '../support/browser.js';
import { freePort, startCli } from '../support/cli.js';
import { assertLedFollowsMcu, recordLed } from '../support/led-states.js';
import { BLINK_MEGA, blinkHex } from '../support/real-bootloader.js';

/**
 * `pinmesh sim --firmware FILE.hex --view`: a user's own compiled program on the simulated Uno, in
 * the live view (Debian's chromium, driven by playwright-core): avrgirl's Blink lights pin 13's LED
 * exactly as the MCU's pin events say, on and off, and the board is drawn as the one simulated.
 */

/** The drawing's element, the board it says it is, and its own "L" LED (pin 13). */
const drawing = (page: Page) =>
  page.evaluate(() => {
    const element = document.querySelector('#board-drawing') as (HTMLElement & { led13?: boolean }) | null;
    return { tag: element?.localName, board: element?.dataset.board, led13: element?.led13 };
  });
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

  /** `pinmesh sim ARGS --view`, a page open on its view once pin 13's LED has followed the MCU on and off; `check`, then Ctrl-C. */
  async function onSimView(args: string[], check: (page: Page) => Promise<void>): Promise<void> {
    const viewPort = await freePort();
    const cli = startCli(['sim', ...args, '--view', '--view-port', String(viewPort), '--json']);
    const { page, errors } = await browser.page();
    try {
      const view = await cli.waitForEvent((e) => e.event === 'view');
      assert.equal(view.url, `http://127.0.0.1:${viewPort}/`);
      await page.goto(String(view.url));
      await page.locator('#board-status[data-state="online"]').waitFor();
      await page.locator('#led-13').waitFor({ state: 'attached' });
      await recordLed(page);
      // The LED goes on and off, each state it showed a pin event the MCU reported.
      await assertLedFollowsMcu(page, cli);
      await check(page);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.close();
      cli.child.kill('SIGINT');
      const result = await cli.exited;
      assert.equal(result.code, 130, result.stderr);
    }
  }

  it('Blink on the simulated Uno: the board online with the firmware’s name, pin 13’s LED following the MCU, drawn as an Uno', async () => {
    const link = join(dir, 'uno');
    await onSimView(['--serial', '--link', link, '--firmware', await blinkHex()], async (page) => {
      assert.match(await page.locator('#board-identity').innerText(), new RegExp(`Blink-uno\\.hex simulated on ${link} \\(sim\\)`));
      assert.deepEqual(await drawing(page).then(({ tag, board }) => ({ tag, board })), { tag: 'wokwi-arduino-uno', board: 'uno' });
    });
  });

  it('Blink on the simulated Mega 2560: said sim-mega (as --board names it), drawn as a Mega, whose own L LED follows pin 13 as the MCU drives it', async () => {
    const link = join(dir, 'mega');
    await onSimView(['--board', 'mega', '--serial', '--link', link, '--firmware', await blinkHex(BLINK_MEGA)], async (page) => {
      assert.match(await page.locator('#board-identity').innerText(), new RegExp(`Blink-mega\\.hex simulated on ${link} \\(sim-mega\\)`));
      assert.deepEqual(await drawing(page).then(({ tag, board }) => ({ tag, board })), { tag: 'wokwi-arduino-mega', board: 'mega' });
      // The drawing's own L LED: lit while pin 13 is HIGH, dark while LOW, as the page's LED says.
      for (const level of ['1', '0']) {
        await page.waitForFunction((want) => {
          const led = document.querySelector<HTMLElement>('#led-13');
          const mega = document.querySelector('#board-drawing') as (HTMLElement & { led13?: boolean }) | null;
          return led?.dataset.on === want && mega?.localName === 'wokwi-arduino-mega' && mega.led13 === (want === '1');
        }, level);
      }
    });
  });
});
