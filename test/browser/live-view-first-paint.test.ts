import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserMissing, launchBrowser, type TestBrowser } from '../support/browser.js';
import { freeCircuitFile, freePort, startCli, type CliProcess } from '../support/cli.js';

/**
 * Issue 18, item 10: the page as a newcomer's first look (or a screenshot) finds it: the snapshot
 * painted at once, mesh labels that stay in their places, and the Uno's own L LED following pin 13.
 */
const skip = browserMissing();

async function startView(): Promise<{ cli: CliProcess; url: string }> {
  const circuit = await freeCircuitFile();
  const viewPort = await freePort();
  const cli = startCli(['circuit', '--json', '--board', 'sim', '--ticks', '0', '--delay', '0.3', '--hold', '120', '--view', '--view-port', String(viewPort), '--circuit', circuit.path]);
  const view = await Promise.race([
    cli.waitForEvent((e) => e.event === 'view'),
    cli.exited.then((result) => assert.fail(`pinmesh exited before serving the view: ${result.stderr}`)),
  ]);
  return { cli, url: String(view.url) };
}

interface Box {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Every label of the mesh drawing, with the box of the node it belongs to (if any), as drawn now. */
function meshLabels(page: Page): Promise<{ nodes: { name: string; box: Box; labels: Box[] }[]; pulses: Box[] }> {
  // A string, so that the test's compiler adds nothing (such as its __name helper) the page lacks.
  return page.evaluate(`(() => {
    const rect = (element) => {
      const r = element.getBoundingClientRect();
      return { text: element.textContent ?? '', left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const nodes = [...document.querySelectorAll('#mesh .node')].map((group) => ({
      name: group.id,
      box: rect(group.querySelector('rect')),
      labels: [...group.querySelectorAll('text')].filter((t) => (t.textContent ?? '') !== '').map(rect),
    }));
    const pulses = [...document.querySelectorAll('#mesh .pulse text')].map(rect);
    return { nodes, pulses };
  })()`);
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (a: Box, b: Box) => a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;

describe('the live view as it first appears', { skip }, () => {
  let browser: TestBrowser;
  // One circuit, ticking until stopped, for every test: each opens the view in a page of its own.
  let view: { cli: CliProcess; url: string } | undefined;
  before(async () => {
    [browser, view] = await Promise.all([launchBrowser(), startView()]);
  });
  after(async () => {
    await browser?.close();
    if (view) {
      view.cli.child.kill('SIGINT');
      await view.cli.exited;
    }
  });

  /** A fresh page of the browser on the circuit's view, and `look` at them; the page closed after, whatever happened. */
  async function onViewPage(look: (view: { cli: CliProcess; url: string; page: Page; errors: string[] }) => Promise<void>): Promise<void> {
    const { cli, url } = view!;
    const { page, errors } = await browser.page();
    try {
      await look({ cli, url, page, errors });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }

  it('paints the snapshot at once, even when the browser runs no animation frames: live, the board and its firmware, the nodes', () =>
    onViewPage(async ({ cli, url, page }) => {
      await cli.waitForEvent((e) => e.node === 'clock' && e.event === 'ack');
      // A page the browser does not animate (a background tab, a headless screenshot): no frames.
      await page.addInitScript(() => {
        window.requestAnimationFrame = () => 0;
      });
      await page.goto(url);
      await page.locator('#feed-status[data-state="live"]').waitFor();
      await page.locator('#board-status[data-state="online"]').waitFor();
      assert.match(await page.locator('#board-identity').innerText(), /StandardFirmata\.ino 2\.\d+ on simulated ATmega328P \(sim\)/);
      await page.locator('#node-iopin text.sub', { hasText: /listening/ }).waitFor();
      await page.locator('#latency-summary', { hasText: /ticks/ }).waitFor();
    }));

  it("keeps the mesh's labels apart: names and health inside their boxes, messages off the boxes and off each other", () =>
    onViewPage(async ({ url, page }) => {
      await page.setViewportSize({ width: 1280, height: 760 });
      await page.goto(url);
      let withBothKinds = 0;
      for (let look = 0; look < 40 && withBothKinds < 5; look++) {
        await page.waitForFunction(() => document.querySelectorAll('#mesh .pulse text').length >= 2);
        const { nodes, pulses } = await meshLabels(page);
        for (const node of nodes) for (const label of node.labels) assert.ok(inside(label, node.box), `"${label.text}" runs out of ${node.name}'s box`);
        for (const pulse of pulses) {
          for (const node of nodes) {
            assert.ok(!overlap(pulse, node.box), `"${pulse.text}" sits on ${node.name}'s box`);
            for (const label of node.labels) assert.ok(!overlap(pulse, label), `"${pulse.text}" sits on "${label.text}"`);
          }
          for (const other of pulses) if (other !== pulse) assert.ok(!overlap(pulse, other), `"${pulse.text}" overlaps "${other.text}"`);
        }
        if (pulses.some((p) => p.text.startsWith('bit')) && pulses.some((p) => p.text.startsWith('buzz'))) withBothKinds++;
        await page.waitForTimeout(100);
      }
      assert.ok(withBothKinds > 0, 'saw the iopin\'s bits and the buzzer\'s replies on the wire');
    }));

  it("lights the Uno drawing's own L LED while pin 13 is HIGH, and darkens it while LOW", () =>
    onViewPage(async ({ url, page }) => {
      await page.goto(url);
      for (const level of ['1', '0', '1']) {
        await page.waitForFunction((want) => {
          const led = document.querySelector<HTMLElement>('#led-13');
          const uno = document.querySelector('#board-drawing') as (HTMLElement & { led13: boolean }) | null;
          if (!led || !uno?.shadowRoot || led.dataset.on !== want) return false;
          const glowing = uno.shadowRoot.querySelector('circle[fill="#ff8080"]') !== null;
          return uno.led13 === (want === '1') && glowing === (want === '1');
        }, level);
      }
    }));
});
