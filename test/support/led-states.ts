import type { Page } from 'playwright-core';
import type { CliProcess } from './cli.js';

/** Records every state the LED element shows, as `level@at` of the pin event it came from. */
export function recordLed(page: Page): Promise<void> {
  return page.evaluate(() => {
    const led = document.querySelector('#led-13')!;
    const seen: string[] = [];
    (window as unknown as { ledStates: string[] }).ledStates = seen;
    new MutationObserver((records) => {
      // Each record holds the value before it; the value after the last is the current one.
      for (let i = 1; i < records.length; i++) seen.push(records[i]!.oldValue ?? '');
      seen.push(led.getAttribute('data-level') ?? '');
    }).observe(led, { attributes: true, attributeFilter: ['data-level'], attributeOldValue: true });
  });
}

/** The states `recordLed` saw so far, oldest first. */
export const ledStates = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { ledStates: string[] }).ledStates);

/**
 * Once recordLed() watches pin 13's LED: it goes on and off, and each state it showed is a pin
 * event the MCU reported on `cli`'s output (level and simulated time).
 */
export async function assertLedFollowsMcu(page: Page, cli: CliProcess): Promise<void> {
  await page.waitForFunction(() => {
    const states = (window as unknown as { ledStates: string[] }).ledStates;
    return states.some((s) => s.startsWith('1@')) && states.some((s) => s.startsWith('0@'));
  });
  for (const state of await ledStates(page)) {
    const [level, at] = state.split('@');
    await cli.waitForEvent((e) => e.event === 'pin' && e.pin === 13 && e.source === 'mcu' && e.value === Number(level) && e.at === Number(at));
  }
}
