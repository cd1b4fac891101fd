// Whether a build step's inputs are what they were at its last run: a SHA-256 over their paths and
// contents, kept in a stamp file beside the step's outputs. Contents, not times: a checkout, a copy
// or `touch` moves times without changing a byte. Used by scripts/bundle.mjs, which npm test's
// build runs every time (about 4 s of CPU, for the same bundle when no source changed).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function digestOf(files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** True when `stamp` holds `digest` and every output is there. */
export function upToDate(stamp, digest, outputs) {
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest && outputs.every((output) => existsSync(output));
}

export function stampWith(stamp, digest) {
  writeFileSync(stamp, `${digest}\n`);
}
