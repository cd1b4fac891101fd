import type { Parameters } from 'fast-check';

/**
 * How hard the property-based tests push: a fixed seed and a few hundred runs in `npm test` (the
 * same inputs on every machine, so a failure is reproducible), many more with `npm run fuzz`.
 * PINMESH_FUZZ_RUNS and PINMESH_FUZZ_SEED override both (a failure prints its seed and path).
 */
export function fuzzParameters<T>(ciRuns: number): Parameters<T> {
  const fuzzing = process.env.npm_lifecycle_event === 'fuzz';
  const runs = Number(process.env.PINMESH_FUZZ_RUNS) || (fuzzing ? ciRuns * 50 : ciRuns);
  const seed = process.env.PINMESH_FUZZ_SEED !== undefined ? Number(process.env.PINMESH_FUZZ_SEED) : fuzzing ? Date.now() : 19;
  return { numRuns: runs, seed, endOnFailure: true };
}
