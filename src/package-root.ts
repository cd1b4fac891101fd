import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinmesh package's root folder, found from src/ (sources, tsx) or dist/src/ (built) alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'pinmesh') return dir;
    } catch {
      // not here; look higher
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the pinmesh package root');
}
