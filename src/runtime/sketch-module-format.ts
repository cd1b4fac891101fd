import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/** How Node treats a file: as an ES module or as CommonJS. */
export type ModuleFormat = 'module' | 'commonjs';

/**
 * The format Node gives a sketch file, as Node decides it: .mts/.mjs are ES modules, .cts/.cjs
 * CommonJS, and .ts/.js follow the "type" of the nearest package.json (CommonJS when it says none,
 * as in the folder `npm init -y` makes, or when there is no package.json at all). Synchronous: it is
 * also asked while a require compiles a file (es-module-semantics.ts).
 */
export function sketchModuleFormat(path: string): ModuleFormat {
  const extension = extname(path);
  if (extension === '.mts' || extension === '.mjs') return 'module';
  if (extension === '.cts' || extension === '.cjs') return 'commonjs';
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const text = readIfThere(join(dir, 'package.json'));
    if (text !== undefined) return packageType(text);
    if (dirname(dir) === dir) return 'commonjs';
  }
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function packageType(text: string): ModuleFormat {
  try {
    return (JSON.parse(text) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
  } catch {
    return 'commonjs';
  }
}
