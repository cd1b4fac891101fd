/**
 * `npm test` runs the files of test/unit through this one file: one process for all of them,
 * not one each. They are small (64 of the suite's files take under a second of CPU, most of it
 * Node's start and the imports every file repeats): run one a process they took 26 s of CPU, together
 * 12 s, with the same 395 tests passing. Each file still runs on its own
 * (`node --import tsx --test test/unit/led.test.ts`).
 *
 * Sharing a process asks one thing of a unit file: hooks inside its describe(), never at the top
 * level, where they would wrap every other file's tests too. This file refuses one that has them.
 * It reads the compiled files beside it (dist-test/test/unit), which is what it imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const unitDir = new URL('./unit/', import.meta.url);

const files = readdirSync(unitDir)
  .filter((name) => name.endsWith('.test.js'))
  .sort()
  .map((name) => ({ name, url: new URL(name, unitDir) }));
if (files.length === 0) throw new Error(`no compiled unit tests in ${fileURLToPath(unitDir)}: run npm run build:test`);

const topLevelHook = /^(before|after|beforeEach|afterEach)\(/m;
for (const { name, url } of files) {
  if (topLevelHook.test(readFileSync(url, 'utf8'))) {
    throw new Error(
      `test/unit/${name.replace(/\.js$/, '.ts')} has a hook at its top level: in the one process the unit files share, ` +
        `it would run around every other file's tests too. Move it into the file's describe().`,
    );
  }
}
for (const { url } of files) await import(url.href);
