// npx vitest run blink.vitest.test.mjs  (docs/testing.md: with vitest)
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { testSketch } from 'pinmesh/testing';

const blink = fileURLToPath(new URL('blink.ts', import.meta.url));
let bench;
beforeEach(async () => {
  bench = await testSketch(blink);
});
afterEach(() => bench.stop());

test('the LED follows /desk, and stays lit for 10 s of sketch time', async () => {
  expect(await bench.send('/desk', 'on')).toBe('led on (asked on /desk)');
  await bench.delay('10s'); // virtual: milliseconds of wall time
  expect(bench.level(13)).toBe(1);
  expect(await bench.send('/desk', 'off')).toBe('led off (asked on /desk)');
  expect(bench.history.of(13, 'digital').map(({ at, value }) => [at, value])).toEqual([
    [0, 1],
    [10_000, 0],
  ]);
});

test("vitest's fake timers leave the sketch's time alone", async ({ onTestFinished }) => {
  const { vi } = await import('vitest');
  vi.useFakeTimers();
  onTestFinished(() => vi.useRealTimers());
  expect(await bench.send('/desk', 'on')).toBe('led on (asked on /desk)');
  await bench.delay('1s');
  expect(bench.now()).toBe(1_000);
});
