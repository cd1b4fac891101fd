/**
 * `zod/mini`, speaking English: what pinmesh's own schemas (the circuit file, the built-in sketches'
 * options, the remote board's protocol, scenarios, the fleet's announcements) are written with.
 *
 * Why mini: it is the same zod 4 core as `import { z } from 'zod'`, with checks as functions
 * (`z.string().check(z.minLength(1))`) instead of methods, so a bundle keeps only the checks it
 * uses. Classic zod builds its whole API when it is imported: bundled, that was 391 KB parsed and
 * run at every start of every command (about 45 ms of a Node 20 start here; zod/mini 13 ms).
 * A person's sketch still declares its options with whichever zod it likes: both kinds compose
 * (`z.object({ pin: pinOption(…) })`), and pinmesh reads any of them only through what both have.
 *
 * Import it as a namespace (`import * as z from '../zod.js'`): the bundler then keeps only what is
 * used (a `z` object passed around would keep all of it).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { typeWords } from './zod-type-words.js';

// zod's messages in English, as `import 'zod'` sets them (zod/mini sets none: "Invalid input"),
// a wrong type said in a maker's words (`expected a number, got "x"`: src/zod-type-words.ts).
config(en());
config({ customError: typeWords });

export * from 'zod/mini';
