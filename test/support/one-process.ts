/**
 * Test files run together in one process (test/*.suite.ts): each file still runs on its own too
 * (`node --test dist-test/test/security/limits.test.js`), but a process starting and loading what
 * it tests costs 0.2–0.3 s of CPU, more than most small files' tests themselves.
 *
 * Sharing a process asks two things of a file: hooks inside its describe(), never at its top level,
 * where they would wrap every other file's tests too (refused here, with the file named); and
 * nothing global left changed after its tests (`process.env`, mock timers: restored in a hook).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const topLevelHook = /^(before|after|beforeEach|afterEach)\(/m;

/** Imports the compiled test files `files` (paths under `dir`, dist-test/test), in order, after checking them all. */
export async function runInOneProcess(dir: URL, files: readonly string[]): Promise<void> {
  if (files.length === 0) throw new Error(`no compiled tests to run in ${fileURLToPath(dir)}: run npm run build:test`);
  const urls = files.map((file) => ({ file, url: new URL(file, dir) }));
  for (const { file, url } of urls) {
    const source = `test/${file.replace(/\.js$/, '.ts')}`;
    if (!existsSync(url)) throw new Error(`${source} is listed to share a process but was not compiled: is it renamed? (test/support/shared-processes.ts)`);
    if (topLevelHook.test(readFileSync(url, 'utf8'))) {
      throw new Error(`${source} has a hook at its top level: in the process it shares with other files, it would run around their tests too. Move it into the file's describe().`);
    }
  }
  for (const { url } of urls) await import(url.href);
}
