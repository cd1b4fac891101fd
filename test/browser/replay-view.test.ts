import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserMissing, launchBrowser, type TestBrowser } from '../support/browser.js';
import { freeCircuitFile, freePort, runCli, startCli, type CliProcess } from '../support/cli.js';

/**
 * `pinmesh replay FILE --view`: a recording played in the live view, no board needed, in
 * Debian's chromium: it plays, pauses, steps one event at a time, goes faster, and its scrubber
 * goes back and forth, the page showing what the recording says had happened by then.
 */
const skip = browserMissing();

type Event = Record<string, unknown> & { event: string; node: string };

async function record(): Promise<{ file: string; events: Event[] }> {
  const file = join(await mkdtemp(join(tmpdir(), 'pinmesh-replay-')), 'circuit.jsonl');
  const circuit = await freeCircuitFile();
  // Seeded: the page must light the LED, and 4 ticks of unseeded bits are all 0 one run in 4,096.
  const result = await runCli(['circuit', '--board', 'mock', '--circuit', circuit.path, '--ticks', '4', '--delay', '0.3', '--seed', '3', '--record', file]);
  assert.equal(result.code, 0, result.stderr);
  const events = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Event);
  return { file, events };
}

async function replay(file: string): Promise<{ cli: CliProcess; url: string }> {
  const cli = startCli(['replay', file, '--view', '--view-port', String(await freePort()), '--json']);
  const view = await Promise.race([
    cli.waitForEvent((e) => e.event === 'view'),
    cli.exited.then((result) => assert.fail(`pinmesh replay exited before serving the view: ${result.stderr}`)),
  ]);
  return { cli, url: String(view.url) };
}

/** Drags the scrubber to `ms` and lets go, as a person does. */
async function scrubTo(page: Page, ms: number): Promise<void> {
  await page.locator('#scrubber').evaluate((input: HTMLInputElement, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('change'));
  }, ms);
}

describe('pinmesh replay --view', { skip }, () => {
  let browser: TestBrowser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('plays a recording with a scrubber: pause, step, faster, back to the start and to the end', async () => {
    const { file, events } = await record();
    const ledLevels = events.filter((e) => e.event === 'pin' && e.pin === 13).map((e) => e.value);
    assert.ok(ledLevels.includes(1), 'the recording lights the LED');
    const { cli, url } = await replay(file);
    const { page, errors } = await browser.page();
    try {
      await page.goto(url);
      // It plays by itself (it may be over already: the page opens when the machine lets it), and the scrubber shows where it is.
      await page.locator('#replay:not([hidden])').waitFor();
      await page.locator('#board-status:is([data-state="online"], [data-state="closed"])').waitFor();
      await page.locator('#replay-position', { hasText: `of ${events.length} events` }).waitFor();
      // Paused wherever it is (the button is disabled once it is over: the page's own request then).
      const reply = await page.evaluate(() => fetch('/control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"pause"}' }).then((r) => r.status));
      assert.equal(reply, 200);
      await page.locator('#replay[data-playing="false"]').waitFor();
      assert.equal(await page.locator('#control-pause').isDisabled(), true);

      // Back to the start: nothing has happened yet.
      await scrubTo(page, 0);
      await page.locator('#board-status[data-state="none"]').waitFor();
      await page.locator('#replay-position', { hasText: /^0\.000 s of .* · 0 of \d+ events · paused$/ }).waitFor();

      // Step: one event at a time, in the recording's order.
      for (let i = 0; i < 3; i++) {
        await page.click('#control-step');
        await page.locator('#control-reply', { hasText: `${events[i]!.node}: ${events[i]!.event} at` }).waitFor();
        await page.locator('#replay-position', { hasText: ` · ${i + 1} of ${events.length} events` }).waitFor();
      }

      // Step until the LED lights: the page draws each pin event as it comes.
      const firstOn = events.findIndex((e) => e.event === 'pin' && e.pin === 13 && e.value === 1);
      for (let i = 3; i <= firstOn; i++) await page.click('#control-step');
      await page.locator('#led-13[data-on="1"]').waitFor();

      await page.click('#control-faster');
      await page.locator('#replay-position', { hasText: '×2' }).waitFor();

      // To the end: the board closed, and the LED as the recording left it.
      await scrubTo(page, 1e9);
      await page.locator('#board-status[data-state="closed"]').waitFor();
      await page.locator(`#led-13[data-on="${String(ledLevels.at(-1))}"]`).waitFor();
      await page.locator('#replay-position', { hasText: `${events.length} of ${events.length} events` }).waitFor();

      // Play from the end starts over, and plays to the end again.
      await page.click('#control-play');
      await page.locator('#replay[data-playing="true"]').waitFor();
      await page.locator('#replay[data-playing="false"]').waitFor({ timeout: 60_000 });
      await page.locator('#board-status[data-state="closed"]').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });

  it('replays a VCD as the pins that moved, named as a replay, its count moving on while it plays', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pinmesh-replay-')), 'circuit.vcd');
    const circuit = await freeCircuitFile();
    const made = await runCli(['circuit', '--board', 'mock', '--circuit', circuit.path, '--ticks', '4', '--delay', '0.3', '--seed', '3', '--record', file]);
    assert.equal(made.code, 0, made.stderr);
    const { cli, url } = await replay(file);
    const { page, errors } = await browser.page();
    try {
      await page.goto(url);
      await page.locator('#feed-status', { hasText: 'replay of circuit.vcd' }).waitFor();
      assert.equal(await page.locator('#view-kind').textContent(), 'replay');
      // Of the board's 20 wires, only the LED's and the piezo's moved: those are drawn, not 20 LEDs.
      await page.locator('#led-13').waitFor({ state: 'attached' });
      const drawn = await page.locator('#outputs wokwi-led').evaluateAll((leds) => leds.map((led) => led.id));
      assert.ok(drawn.includes('led-13') && drawn.every((id) => id === 'led-13' || id === 'led-3'), `LEDs drawn: ${drawn.join(', ')}`);

      // From the start, slowly: the count of events played moves on while it plays, not only once paused.
      await page.evaluate(() => fetch('/control', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"pause"}' }));
      await scrubTo(page, 0);
      await page.locator('#replay-position', { hasText: / · 0 of \d+ events · paused$/ }).waitFor();
      for (let i = 0; i < 2; i++) await page.click('#control-slower');
      await page.click('#control-play');
      await page.locator('#replay-position', { hasText: /×0\.25 · [1-9]\d* of \d+ events$/ }).waitFor();
      // At its end it says so.
      await scrubTo(page, 1e9);
      await page.locator('#replay-position', { hasText: / · ended$/ }).waitFor({ timeout: 60_000 });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });

  it('keeps the view’s rules: a page of another origin may not drive it', async () => {
    const { file } = await record();
    const { cli, url } = await replay(file);
    try {
      const response = await fetch(new URL('/control', url), { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: '{"action":"pause"}' });
      assert.equal(response.status, 403);
      const refused = await cli.waitForEvent((e) => e.event === 'auth' && e.status === 403);
      assert.equal(refused.origin, 'http://evil.example');
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });
});
