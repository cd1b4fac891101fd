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
 *   where its import throws a ReferenceError. "use strict" goes at the start of its first line (tsx's
 *   banner), so its lines and their columns stay where they were;
 * - gets Node's default import of a CommonJS module: the module's `module.exports`, whatever it says.
 *   esbuild's CommonJS gives `exports.default` instead when the module sets `__esModule` (what
 *   TypeScript's CommonJS output does), so `import Thing from 'a-typescript-built-package'` was one
 *   value on this route and another where Node imports the sketch.
 * CommonJS files are compiled as they come.
 */
export function keepingEsModuleSemantics<T>(load: () => T): T {
  return compilingWith((content, filename) => {
    if (!isEsModuleFile(filename)) return content;
    const { code, helpers } = nodeDefaultImports(content, filename);
    return atStart(code, `"use strict";${helpers}`);
  }, load);
}

/** A file Node would load as an ES module (tsx's namespace query left out). */
export function isEsModuleFile(filename: string): boolean {
  return sketchModuleFormat(filename.split('?')[0]!) === 'module';
}

/** `text` at the start of the first line, after a #! line if there is one (it stays the first line, as Node wants it). */
function atStart(content: string, text: string): string {
  if (!content.startsWith('#!')) return `${text}${content}`;
  const lineEnd = content.indexOf('\n');
  return lineEnd < 0 ? content : `${content.slice(0, lineEnd + 1)}${text}${content.slice(lineEnd + 1)}`;
}

/**
 * esbuild's `__toESM(require("x"))`, the value behind a default or namespace import, in Node's mode
 * (the default is the whole `module.exports`) where "x" is a CommonJS file as Node decides it. An ES
 * module (the person's own files, ES module packages, which tsx compiles too) keeps esbuild's
 * reading, whose default is then its `export default`; a JSON file and Node's built-in modules read
 * the same either way.
 *
 * Every column stays where it was: tsx writes a module's code on one line, which its source map reads
 * column by column (a stack frame's line and column, in every message that blames the sketch). So the
 * call is renamed to a helper of the same length, `__toNOD`, defined on the first line, which is
 * tsx's banner (`__filename=…;(()=>{`) and has no mapping.
 */
function nodeDefaultImports(content: string, filename: string): { code: string; helpers: string } {
  const from = filename.split('?')[0]!;
  let renamed = false;
  const code = content.replace(DEFAULT_IMPORT, (call, quoted: string) => {
    if (!isCommonJsFile(JSON.parse(quoted) as string, from)) return call;
    renamed = true;
    return `__toNOD${call.slice('__toESM'.length)}`;
  });
  return { code, helpers: renamed ? TO_NODE_MODE_ESM : '' };
}

const DEFAULT_IMPORT = /__toESM\(require\(("(?:[^"\\\n]|\\.)*")\)\)/g;

/** esbuild's own `__toESM(mod, 1)` (its Node mode), named to fit where `__toESM` stood. */
const TO_NODE_MODE_ESM =
  'var __toNOD=(mod,target)=>{target=mod!=null?Object.create(Object.getPrototypeOf(mod)):{};Object.defineProperty(target,"default",{value:mod,enumerable:true});' +
  'if(mod&&typeof mod==="object"||typeof mod==="function")for(const key of Object.getOwnPropertyNames(mod))if(!Object.prototype.hasOwnProperty.call(target,key)){' +
  'const desc=Object.getOwnPropertyDescriptor(mod,key);Object.defineProperty(target,key,{get:()=>mod[key],enumerable:!desc||desc.enumerable})}return target};';

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
