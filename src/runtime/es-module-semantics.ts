import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { compilingWith } from './compile-window.js';
import { sketchModuleFormat } from './sketch-module-format.js';

/**
 * Runs `load` (a require through tsx) with every ES module it compiles as CommonJS kept to what an ES
 * module is in Node, where the CommonJS that tsx (esbuild) writes differs. A file of an ES module scope
 * (a .mts or .mjs, a .ts or .js under "type": "module": the person's own, and the ES module packages
 * the sketch imports, which tsx compiles too) compiled meanwhile:
 * - is strict: CommonJS is sloppy, so a sketch's `count = 1` without a declaration would make a global
 *   where its import throws a ReferenceError. "use strict" goes at the start of its first line, so its
 *   lines stay where they were;
 * - gets Node's default import of a CommonJS module: the module's `module.exports`, whatever it says.
 *   esbuild's CommonJS gives `exports.default` instead when the module sets `__esModule` (what
 *   TypeScript's CommonJS output does), so `import Thing from 'a-typescript-built-package'` was one
 *   value on this route and another where Node imports the sketch.
 * CommonJS files are compiled as they come.
 */
export function keepingEsModuleSemantics<T>(load: () => T): T {
  return compilingWith((content, filename) => (isEsModuleFile(filename) ? nodeDefaultImports(strict(content), filename) : content), load);
}

/** A file Node would load as an ES module (tsx's namespace query left out). */
export function isEsModuleFile(filename: string): boolean {
  return sketchModuleFormat(filename.split('?')[0]!) === 'module';
}

/** The directive first, after a #! line if there is one (it stays the first line, as Node wants it). */
function strict(content: string): string {
  if (!content.startsWith('#!')) return `"use strict";${content}`;
  const lineEnd = content.indexOf('\n');
  return lineEnd < 0 ? content : `${content.slice(0, lineEnd + 1)}"use strict";${content.slice(lineEnd + 1)}`;
}

/**
 * esbuild's `__toESM(require("x"))`, the value behind a default or namespace import, is told it is
 * in Node's mode (its second argument: the default is the whole `module.exports`) where "x" is a
 * CommonJS file as Node decides it. An ES module (the person's own files, ES module packages, which
 * tsx compiles too) keeps esbuild's reading, whose default is then its `export default`; a JSON file
 * and Node's built-in modules read the same either way.
 */
function nodeDefaultImports(content: string, filename: string): string {
  const from = filename.split('?')[0]!;
  return content.replace(DEFAULT_IMPORT, (call, quoted: string) => (isCommonJsFile(JSON.parse(quoted) as string, from) ? `__toESM(require(${quoted}),1)` : call));
}

const DEFAULT_IMPORT = /__toESM\(require\(("(?:[^"\\\n]|\\.)*")\)\)/g;

function isCommonJsFile(specifier: string, from: string): boolean {
  let resolved: string;
  try {
    resolved = createRequire(from).resolve(specifier);
  } catch {
    return false; // not a file Node's require finds as named (./more.js meaning more.ts): tsx's own, an ES module
  }
  return isAbsolute(resolved) && !resolved.endsWith('.json') && sketchModuleFormat(resolved) === 'commonjs' && !hasImportBuild(resolved);
}

/**
 * Whether the package holding `file` (under node_modules) has a build of its own for `import` (an
 * "import" condition in its "exports"): Node's import would have taken that one, whose default is its
 * `export default`, which esbuild's reading of the CommonJS build's `exports.default` stands for. Read
 * from the package's own package.json, not a nested one (a `dist/cjs/package.json` saying only its
 * type). A file of the person's own has none.
 */
function hasImportBuild(file: string): boolean {
  const root = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file)?.[1];
  if (root === undefined) return false;
  return JSON.stringify(readManifest(join(root, 'package.json'))?.exports ?? null).includes('"import"');
}

function readManifest(path: string): { exports?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { exports?: unknown };
  } catch {
    return undefined;
  }
}
