import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it). Never a browser download. */
export const chromiumPath = process.env.PINMESH_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `no chromium at ${chromiumPath}: install Debian's (apt-get install chromium) to run the browser tests`;
}

/**
 * Flags for a quiet, local-only headless chromium: no sandbox (root in CI), no GPU, no QUIC, no
 * first-run or background traffic, and every host name resolving nowhere, so the browser can reach
 * nothing but the 127.0.0.1 addresses the tests give it.
 *
 * And no address bar's drop-down: Debian's chromium has only the new headless mode, the whole
 * browser without a screen, and it loads the omnibox's popup (chrome://omnibox-popup.top-chrome/, a
 * WebUI page) in a renderer of its own for every window, so for every test's browser context. That
 * renderer took 1.4–1.8 s of CPU a context, more than the test's page (0.5 s), and the browser process
 * 0.3 s more (three contexts: 2.6–2.7 → 1.7 s); in a whole run, 24 s of chromium's 72 s. Chromium
 * keeps only the last --disable-features, and playwright passes its own list before these flags:
 * chromium starts through chromium-one-feature-list.sh, which merges the two.
 */
const flags = [
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab that records console errors and uncaught page errors. */
  page(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * How long chromium outlives its last TestBrowser: the browser files that share a process
 * (test/browser.suite.ts) open theirs one after another, each in its describe()'s before().
 */
const LINGER_MS = 1_000;

/** The process's chromium (launched at the first launchBrowser()), and how many TestBrowsers use it. */
let shared: Promise<Browser> | undefined;
let users = 0;
let lingering: NodeJS.Timeout | undefined;

/** chromium-one-feature-list.sh, beside this file when it runs from its source, in test/support when compiled to dist-test. */
const here = dirname(fileURLToPath(import.meta.url));
const launcher = [join(here, 'chromium-one-feature-list.sh'), resolve(here, '../../../test/support/chromium-one-feature-list.sh')].find((path) => existsSync(path));

function sharedChromium(): Promise<Browser> {
  if (launcher === undefined) return Promise.reject(new Error(`chromium-one-feature-list.sh is missing beside ${here}`));
  const env = { ...process.env, PINMESH_CHROMIUM_BINARY: chromiumPath };
  shared ??= chromium.launch({ executablePath: launcher, env, headless: true, args: flags, timeout: 60_000 }).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** The last TestBrowser closed: chromium goes unless another is asked for within LINGER_MS. */
function released(): void {
  users -= 1;
  if (users > 0) return;
  lingering = setTimeout(() => {
    lingering = undefined;
    const closing = shared;
    shared = undefined;
    void closing?.then((browser) => browser.close()).catch(() => undefined);
  }, LINGER_MS);
}

/**
 * A fresh browser context (its own cookies, storage and cache, as a new profile has) in the process's
 * one chromium, launched at the first call: starting chromium and opening a page costs about 1.8 s
 * of CPU, more than most of a browser file's tests, and every file of the process shares it.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  users += 1;
  clearTimeout(lingering);
  lingering = undefined;
  let context: BrowserContext;
  try {
    context = await (await sharedChromium()).newContext();
  } catch (error) {
    released();
    throw error;
  }
  let open = true;
  return {
    context,
    async page() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      return { page, errors };
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        await context.close();
      } finally {
        released();
      }
    },
  };
}
