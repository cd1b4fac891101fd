import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserMissing, launchBrowser, type TestBrowser } from '../support/browser.js';
import { freeCircuitFile, freePort, startCli, type CliProcess } from '../support/cli.js';
import { assertLedFollowsMcu, recordLed } from '../support/led-states.js';
import { serveOtherOrigin } from '../support/other-origin.js';
import type { FeedMessage } from '../../src/view/shared/feed-protocol.js';
import type { ViewState } from '../../src/view/shared/view-state.js';

/**
 * The live view, as a person uses it: Debian's chromium, headless, driven by playwright-core,
 * talking to `pinmesh circuit --view` over 127.0.0.1 only.
 */
const skip = browserMissing();

type Event = Record<string, unknown>;

async function startView(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ cli: CliProcess; url: string }> {
  const circuit = await freeCircuitFile();
  const viewPort = await freePort();
  const cli = startCli(['circuit', '--json', '--view', '--view-port', String(viewPort), '--circuit', circuit.path, ...args], env);
  const view = await Promise.race([
    cli.waitForEvent((e) => e.event === 'view'),
    cli.exited.then((result) => assert.fail(`pinmesh exited before serving the view: ${result.stderr}`)),
  ]);
  return { cli, url: String(view.url) };
}

async function stop(cli: CliProcess): Promise<void> {
  cli.child.kill('SIGINT');
  const result = await cli.exited;
  assert.equal(result.code, 130, result.stderr);
}

/** What a page opened now would start from: the feed's first message, read by a program. */
async function snapshotOf(url: string): Promise<ViewState> {
  const response = await fetch(new URL('/feed', url));
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the feed ended before its snapshot');
      text += decoder.decode(value, { stream: true });
      const start = text.indexOf('data: ');
      const end = start < 0 ? -1 : text.indexOf('\n\n', start);
      if (end < 0) continue;
      const message = JSON.parse(text.slice(start + 6, end)) as FeedMessage;
      if (message.type !== 'snapshot') throw new Error(`the feed began with ${message.type}`);
      return message.state;
    }
  } finally {
    await reader.cancel();
  }
}

/**
 * In the page: whether the piezo's music note (the wokwi buzzer's own animation) is there and all in
 * `state` ('paused' while silent, 'running' while it sounds).
 */
function noteIs(state: string): boolean {
  const states = document.querySelector('wokwi-buzzer')?.shadowRoot?.getAnimations().map((animation) => animation.playState) ?? [];
  return states.length > 0 && states.every((played) => played === state);
}

/**
 * Counts each drawing of the strip and of the histogram (each starts by clearing its canvas), in
 * pages `page` opens from now on; the function returned reads the counts so far.
 */
async function countCanvasDraws(page: Page): Promise<() => Promise<{ strip?: number; histogram?: number; at: number }>> {
  await page.addInitScript(() => {
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    const counts = window as unknown as { draws: Record<string, number> };
    counts.draws = { strip: 0, histogram: 0 };
    CanvasRenderingContext2D.prototype.clearRect = function (...args) {
      if (this.canvas.id in counts.draws) counts.draws[this.canvas.id]! += 1;
      return clear.apply(this, args);
    };
  });
  // `at`: the page's clock (ms) when the counts were read.
  return () => page.evaluate(() => ({ ...(window as unknown as { draws: Record<string, number> }).draws, at: performance.now() }));
}

/**
 * Counts the page's requests for an animation frame, in pages `page` opens from now on; the function
 * returned reads the count so far.
 */
async function countFrameRequests(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const request = window.requestAnimationFrame.bind(window);
    const counts = window as unknown as { frameRequests: number };
    counts.frameRequests = 0;
    window.requestAnimationFrame = (callback) => {
      counts.frameRequests += 1;
      return request(callback);
    };
  });
  return () => page.evaluate(() => (window as unknown as { frameRequests: number }).frameRequests);
}

describe('the live view in a real browser', { skip }, () => {
  let browser: TestBrowser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('on the simulated Uno: the LED follows the MCU, tick once is acknowledged, the pulled cable shows offline and back, no console errors', async () => {
    const { cli, url } = await startView(['--board', 'sim', '--ticks', '0', '--delay', '0.2', '--hold', '20']);
    const { page, errors } = await browser.page();
    try {
      await page.goto(url);
      await page.locator('#board-status[data-state="online"]').waitFor();
      assert.match(await page.locator('#board-identity').innerText(), /StandardFirmata\.ino 2\.\d+ on simulated ATmega328P \(sim\)/);
      await page.locator('#led-13').waitFor({ state: 'attached' });
      await recordLed(page);

      // The LED goes on and off, each state it showed a pin event the MCU reported.
      await assertLedFollowsMcu(page, cli);
      const shown = await page.evaluate(() => {
        const led = document.querySelector('#led-13') as HTMLElement & { value: boolean };
        return { lit: led.value, level: led.dataset.level };
      });
      assert.equal(shown.lit, shown.level?.startsWith('1@'), 'the wokwi LED is lit exactly when the last pin event said HIGH');

      // Pause, then tick once: exactly one more tick, acknowledged, and the clock stays paused.
      await page.click('#control-pause');
      await page.locator('#clock-status[data-clock="paused"]').waitFor();
      await page.click('#control-tick');
      const asked = await cli.waitForLine((line) => line.includes('tick once from the view'));
      const tick = await cli.waitForEvent((e) => e.node === 'clock' && e.event === 'tick' && cli.lines.indexOf(JSON.stringify(e)) > cli.lines.indexOf(asked));
      const ack = await cli.waitForEvent((e) => e.node === 'clock' && e.event === 'ack' && e.tick === tick.tick);
      assert.equal(ack.reply, 'acknowledged');
      await page.locator('#node-clock text.sub', { hasText: `#${String(tick.tick)} acknowledged` }).waitFor();
      assert.equal(await page.locator('#clock-status').getAttribute('data-clock'), 'paused');
      // The mesh says so too, where it said "ticking" while the Controls card said paused.
      await page.locator('#nodes li[data-node="clock"][data-health="paused"]', { hasText: /^clock.*paused · \d+ acknowledged/ }).waitFor();

      // The cable: pulled, the board goes offline (and says it reconnects); plugged back, online again.
      await page.click('#control-unplug');
      await page.locator('#board-status[data-state="offline"]').waitFor();
      assert.match(await page.locator('#board-status').innerText(), /offline — reconnecting/);
      await cli.waitForEvent((e) => e.node === 'board' && e.event === 'offline');
      await page.click('#control-plug');
      await page.locator('#board-status[data-state="online"]').waitFor();
      await cli.waitForEvent((e) => e.node === 'board' && e.event === 'online');

      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.close();
      await stop(cli);
    }
  });

  it('a page reloaded, or opened twice, starts from a snapshot and keeps up', async () => {
    const { cli, url } = await startView(['--board', 'mock', '--ticks', '0', '--delay', '0.05', '--hold', '0']);
    const first = await browser.page();
    const second = await browser.page();
    try {
      for (const { page } of [first, second]) {
        await page.goto(url);
        await page.locator('#board-status[data-state="online"]').waitFor();
      }
      await first.page.reload();
      await first.page.locator('#board-status[data-state="online"]').waitFor();
      // Both see the clock's acknowledgements flowing (each page's count grows past what the snapshot had).
      for (const { page } of [first, second]) {
        const count = async () => Number(/(\d+) acknowledged/.exec(await page.locator('#nodes li[data-node="clock"]').innerText())?.[1] ?? 0);
        const before = await count();
        await page.waitForFunction((n) => Number(/(\d+) acknowledged/.exec(document.querySelector('#nodes li[data-node="clock"]')?.textContent ?? '')?.[1] ?? 0) > n, before);
      }
      assert.deepEqual([...first.errors, ...second.errors], []);
    } finally {
      await first.page.close();
      await second.page.close();
      await stop(cli);
    }
  });

  it('a circuit ticking flat out: the page shows the latest of each kind, says so, and counts exactly the acks the circuit counted', async () => {
    const { cli, url } = await startView(['--board', 'mock', '--ticks', '0', '--delay', '0', '--hold', '0']);
    const { page, errors } = await browser.page();
    // The circuit's count, from the view's snapshot (folded from every event), rather than from
    // its stdout: a reader that falls that far behind has lines dropped, by design.
    const circuitAcks = () => snapshotOf(url).then((state) => state.health.clock!.answered);
    const pageAcks = () => page.evaluate(() => Number(/(\d+) acknowledged/.exec(document.querySelector('#nodes li[data-node="clock"]')?.textContent ?? '')?.[1] ?? -1));
    try {
      await page.goto(url);
      await page.locator('#thinning', { hasText: 'faster than a page can follow' }).waitFor();
      // Flat out for a while first: a quick machine shows the thinning within a few dozen ticks.
      for (let tries = 0; tries < 300 && (await circuitAcks()) <= 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      await page.click('#control-pause');
      await page.locator('#clock-status[data-clock="paused"]').waitFor();
      // The tick in flight when the clock paused still comes back; then both counts stand still.
      let counts = { circuit: await circuitAcks(), page: await pageAcks() };
      for (let tries = 0; tries < 100 && counts.circuit !== counts.page; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        counts = { circuit: await circuitAcks(), page: await pageAcks() };
      }
      assert.ok(counts.circuit > 100, `the clock ticked flat out: ${counts.circuit} acks`);
      assert.equal(counts.page, counts.circuit, 'thinned, the feed still carries the circuit’s own count');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.close();
      await stop(cli);
    }
  });

  it('a still page does no work: a silent piezo’s note stands still, nothing is restyled or laid out, neither the strip nor a full histogram is redrawn, and no frame is asked for', async () => {
    // Every bit 0 (--chance 1): the piezo stays silent and the pins LOW; flat out (--delay 0) until the
    // histogram's list is full (its last 500 latencies). Before, the page restyled every frame for the
    // silent piezo's hidden note, redrew a strip of flat lines, and a full histogram.
    const { cli, url } = await startView(['--board', 'mock', '--ticks', '0', '--delay', '0', '--hold', '0', '--chance', '1']);
    const { page, errors } = await browser.page();
    // The page's clock, so the test can move it past the strip's 10 s window at once.
    await page.clock.install();
    const draws = await countCanvasDraws(page);
    const frameRequests = await countFrameRequests(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const work = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const of = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
      const drawn = await draws();
      return { restyles: of('RecalcStyleCount'), layouts: of('LayoutCount'), stripDraws: drawn.strip ?? 0, histogramDraws: drawn.histogram ?? 0, frameRequests: await frameRequests() };
    };
    try {
      await page.goto(url);
      await page.locator('#board-status[data-state="online"]').waitFor();
      await page.locator('wokwi-buzzer[data-on="0"]').waitFor({ state: 'attached' });
      // The count sees the strip being drawn (the page draws it at once from its snapshot).
      await page.waitForFunction(() => (window as unknown as { draws: Record<string, number> }).draws.strip! > 0);
      // And its frames being asked for while the circuit moves.
      await page.waitForFunction(() => (window as unknown as { frameRequests: number }).frameRequests > 0);
      // More ticks answered than the histogram keeps.
      await page.waitForFunction(() => Number(/(\d+) acknowledged/.exec(document.querySelector('#nodes li[data-node="clock"]')?.textContent ?? '')?.[1] ?? 0) > 600, undefined, { timeout: 60_000 });

      await page.click('#control-pause');
      await page.locator('#clock-status[data-clock="paused"]').waitFor();
      // The note is there, held still while the piezo is silent.
      await page.waitForFunction(noteIs, 'paused');
      // The last pulses arrive, and the last change leaves the strip's window.
      await page.clock.fastForward(11_000);
      await page.clock.runFor(500);
      // A second in which the page does nothing, nor asks the browser for a frame to do it in (asking
      // 60 times a second cost headless chromium 0.7 s of CPU in 10 s). One restyle may still come as
      // it settles after the clock's jump, with nothing in the page changed: up to five seconds are
      // watched for one quiet.
      const still = { restyles: 0, layouts: 0, stripDraws: 0, histogramDraws: 0, frameRequests: 0 };
      let done = { restyles: -1, layouts: -1, stripDraws: -1, histogramDraws: -1, frameRequests: -1 };
      for (let second = 0; second < 5 && JSON.stringify(done) !== JSON.stringify(still); second++) {
        const before = await work();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const after = await work();
        done = {
          restyles: after.restyles - before.restyles,
          layouts: after.layouts - before.layouts,
          stripDraws: after.stripDraws - before.stripDraws,
          histogramDraws: after.histogramDraws - before.histogramDraws,
          frameRequests: after.frameRequests - before.frameRequests,
        };
      }
      assert.deepEqual(done, still, 'a second of a still page: no style recalculated, no layout, neither canvas drawn, no frame asked for');
      assert.ok(await page.evaluate(noteIs, 'paused'), 'the silent piezo’s note stayed still');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.close();
      await stop(cli);
    }
  });

  it('a moving page is drawn at most 30 times a second: the strip scrolls on every other frame of a 60 Hz screen', async () => {
    // A tick every 100 ms: the strip always has a change in its window, and pulses are always on the mesh.
    const { cli, url } = await startView(['--board', 'mock', '--ticks', '0', '--delay', '0.1', '--hold', '0']);
    const { page, errors } = await browser.page();
    const draws = await countCanvasDraws(page);
    try {
      await page.goto(url);
      await page.locator('#mesh .pulse').first().waitFor({ state: 'attached' });
      const before = await draws();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const after = await draws();
      const drawn = (after.strip ?? 0) - (before.strip ?? 0);
      const seconds = (after.at - before.at) / 1000;
      // Headless chromium animates at 60 Hz: drawn on every frame, the strip took about 120 in 2 s.
      // The page's least gap between drawings is a little under 1000 / 30 ms (a frame late by a few
      // ms is not skipped), so at most 34 a second; and one more for where the count starts and ends.
      assert.ok(drawn >= 2 && drawn <= seconds * 34 + 1, `the strip was drawn ${drawn} times in ${seconds.toFixed(2)} s: it scrolls, at most 30 times a second`);
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.close();
      await stop(cli);
    }
  });

  it('a sounding piezo’s note moves', async () => {
    // Every bit 1 (--chance 0): the piezo sounds.
    const { cli, url } = await startView(['--board', 'mock', '--ticks', '0', '--delay', '0.1', '--hold', '0', '--chance', '0']);
    const { page, errors } = await browser.page();
    try {
      await page.goto(url);
      await page.locator('wokwi-buzzer[data-on="1"]').waitFor({ state: 'attached' });
      await page.waitForFunction(noteIs, 'running');
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await page.close();
      await stop(cli);
    }
  });

  it('a page from another origin can neither read the feed nor use the controls', async () => {
    const { cli, url } = await startView(['--board', 'sim', '--ticks', '0', '--delay', '0.2', '--hold', '0']);
    const other = await serveOtherOrigin();
    const { page } = await browser.page();
    try {
      await cli.waitForEvent((e) => e.node === 'board' && e.event === 'board');
      await page.goto(other.url);
      // A string, not a function: the page runs exactly this (no test-runner transforms in between).
      const attempts = (await page.evaluate(`(async (view) => {
        async function outcome(attempt) {
          try {
            return 'answered ' + String(await attempt());
          } catch (error) {
            return 'failed: ' + String(error);
          }
        }
        return {
          // A fetch that asks first (JSON): the preflight is refused, the request never sent.
          control: await outcome(() => fetch(view + 'control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"unplug"}' }).then((r) => r.status)),
          // A "simple" request that needs no preflight: sent, and refused before anything happens.
          blind: await outcome(() => fetch(view + 'control', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"action":"pause"}' }).then((r) => r.type)),
          feed: await new Promise((resolve) => {
            const source = new EventSource(view + 'feed');
            source.onmessage = () => resolve('read the feed');
            source.onerror = () => {
              resolve(source.readyState === EventSource.CLOSED ? 'refused' : 'error');
              source.close();
            };
          }),
        };
      })(${JSON.stringify(url)})`)) as { control: string; blind: string; feed: string };
      assert.match(attempts.control, /^failed: TypeError/);
      // Sent (the view refuses it below); what came back the page may not even see (CORP same-origin).
      assert.match(attempts.blind, /^answered opaque$|^failed: TypeError/);
      assert.equal(attempts.feed, 'refused');
      // Each reached the view and was refused with 403 (the preflight, the blind POST, the feed).
      const refused = () => cli.events().filter((e: Event) => e.node === 'view' && e.event === 'auth' && e.status === 403 && e.origin === other.origin);
      await cli.waitForLine(() => refused().length >= 3);
      assert.ok(!cli.events().some((e: Event) => e.node === 'view' && e.event === 'log'), 'no control ran');
      assert.ok(!cli.events().some((e: Event) => e.node === 'board' && e.event === 'offline'), 'the board stayed online');
    } finally {
      await page.close();
      await other.close();
      await stop(cli);
    }
  });

  it('with a token: the page needs the one-time link (used once) or the token; neither is ever logged', async () => {
    const token = 'view-test-token-0123456789abcdef';
    const { cli, url } = await startView(['--board', 'mock', '--ticks', '0', '--delay', '0.1', '--hold', '0'], { PINMESH_TOKEN: token });
    const link = (await cli.waitForStderr(/sign in to the live view with (\S+)/))[1]!;
    assert.ok(link.startsWith(`${url}#key=`), link);
    const { page } = await browser.page();
    try {
      // Without signing in: the sign-in form, and the feed refused.
      await page.goto(url);
      await page.locator('#sign-in').waitFor();
      assert.equal(await page.locator('#view').isHidden(), true);
      assert.equal(await page.evaluate(() => fetch('/feed').then((r) => r.status)), 401);
      assert.equal(await page.evaluate(() => fetch('/control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"pause"}' }).then((r) => r.status)), 401);

      // The printed link signs in, and leaves no key in the address bar.
      await page.goto('about:blank');
      await page.goto(link);
      await page.locator('#board-status[data-state="online"]').waitFor();
      assert.equal(new URL(page.url()).hash, '');

      // Used once: in a browser without the session cookie, the same link is refused…
      await browser.context.clearCookies();
      await page.goto('about:blank');
      await page.goto(link);
      await page.locator('#sign-in-reply', { hasText: 'already used' }).waitFor();
      // …and the token pasted on the page signs in.
      await page.fill('#token', token);
      await page.click('#sign-in-form button[type="submit"]');
      await page.locator('#board-status[data-state="online"]').waitFor();
    } finally {
      await page.close();
      await stop(cli);
    }
    const { stdout, stderr } = await cli.exited;
    assert.ok(!stdout.includes(token) && !stderr.includes(token), 'the token is never printed');
    assert.ok(!stdout.includes(link.split('#key=')[1]!), 'the one-time key never goes through the event stream');
  });
});
