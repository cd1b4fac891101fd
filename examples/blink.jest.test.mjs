// NODE_OPTIONS=--experimental-vm-modules npx jest blink.jest.test.mjs  (docs/testing.md: with jest)
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { testSketch } from 'pinmesh/testing';

const blink = fileURLToPath(new URL('blink.mjs', import.meta.url));
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
