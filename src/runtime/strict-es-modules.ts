import { compilingWith } from './compile-window.js';
import { sketchModuleFormat } from './sketch-module-format.js';

/**
 * Runs `load` (a require through tsx) with every ES module it compiles as CommonJS kept strict, as
 * an ES module is: tsx compiles ES module syntax into CommonJS, which is sloppy, so a sketch's
 * `count = 1` without a declaration would make a global where its import throws a ReferenceError.
 * A file of an ES module scope (a .mts, a .ts or .js under "type": "module") compiled meanwhile gets
 * "use strict" at the start of its first line, so its lines stay where they were; anything else
 * (CommonJS files, packages under node_modules) is compiled as it comes.
 */
export function keepingEsModulesStrict<T>(load: () => T): T {
  return compilingWith((content, filename) => (isEsModuleSource(filename) ? strict(content) : content), load);
}

/** A file of the person's own (not a package) that Node would load as an ES module. */
function isEsModuleSource(filename: string): boolean {
  const path = filename.split('?')[0]!;
  return !path.includes('/node_modules/') && !path.includes('\\node_modules\\') && sketchModuleFormat(path) === 'module';
}

/** The directive first, after a #! line if there is one (it stays the first line, as Node wants it). */
function strict(content: string): string {
  if (!content.startsWith('#!')) return `"use strict";${content}`;
  const lineEnd = content.indexOf('\n');
  return lineEnd < 0 ? content : `${content.slice(0, lineEnd + 1)}"use strict";${content.slice(lineEnd + 1)}`;
}
