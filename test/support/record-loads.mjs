/**
 * `node --import ./test/support/record-loads.mjs …` with PINMESH_RECORD_LOADS=FILE: appends to
 * FILE, one a line, every module the process loaded: ES modules as the resolve hook sees them,
 * and, at exit, every CommonJS module in require.cache (those a CommonJS package requires itself
 * never pass the ES resolve hook). Tests read the file to see which packages a command pulled in.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.PINMESH_RECORD_LOADS;
if (file) {
  register('./record-loads-hooks.mjs', { parentURL: import.meta.url, data: { file } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const paths = Object.keys(require.cache);
    if (paths.length > 0) appendFileSync(file, `${paths.join('\n')}\n`);
  });
}
