// Every file under a folder (none if it is missing), whose name matches, sorted: a stable order.
// Shared by scripts/bundle.mjs (what its digest covers) and scripts/prune-outputs.mjs.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function filesUnder(dir, match = /./) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && match.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}
