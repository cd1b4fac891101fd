import type { Page } from 'playwright-core';

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
