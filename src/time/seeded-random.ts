/**
 * Random numbers a run can repeat: with a seed, every random choice pinmesh makes (the iopin's
 * bits first) comes from one seeded generator, so two runs with the same seed draw the same
 * numbers in the same order. Without one, Math.random.
 */

/** A source of random numbers in [0, 1), as Math.random. */
export type RandomSource = () => number;

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counter, as in PractRand), seeded through splitmix32 so
 * that nearby seeds give unrelated streams. The same seed gives the same numbers on every Node.
 */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`a seed is a whole number, got ${seed}`);
  let state = seed >>> 0;
  const splitmix = () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A seeded source for a seed, Math.random for none. */
export function randomSource(seed?: number): RandomSource {
  return seed === undefined ? Math.random : seededRandom(seed);
}
