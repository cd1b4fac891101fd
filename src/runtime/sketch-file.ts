import { stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../errors.js';
import { hooksRunInThisThread, keepPinmeshShared, letRequiresFindPinmesh, letSketchesFindPinmesh, pinmeshIsInstalledFor } from './find-pinmesh.js';
import { blameSketch, rememberSketchFile } from './sketch-error.js';
import { sketchClassOf } from './sketch-export.js';
import { sketchModuleFormat } from './sketch-module-format.js';
import { rememberSketchClass } from './sketch-nodes.js';
import { sketchSyntaxError } from './sketch-syntax.js';
import { requireEsModuleSketch, requireSketch } from './require-sketch.js';
import { NEEDS_IMPORT_HOOKS, refusingImportOnlyCode } from './import-only-refusal.js';
import type { SketchClass } from './sketch.js';

/** The extensions a sketch file may have; anything else is refused before it is loaded. */
export const SKETCH_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

/** "a .ts, .mts, .cts, .js, .mjs or .cjs file", for messages and help texts. */
export function sketchExtensionList(): string {
  return `${SKETCH_EXTENSIONS.slice(0, -1).join(', ')} or ${SKETCH_EXTENSIONS.at(-1)}`;
}

/** `: did you mean doorbell.ts?` for `doorbell` (or `doorbell.js`) when that sketch file is there; nothing otherwise. */
async function withExtension(path: string, file: string): Promise<string> {
  const given = extname(file);
  const known = (SKETCH_EXTENSIONS as readonly string[]).includes(given);
  for (const extension of SKETCH_EXTENSIONS) {
    if (extension === given) continue;
    const candidate = known ? path.slice(0, -given.length) + extension : path + extension;
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return `: did you mean ${known ? file.slice(0, -given.length) : file}${extension}?`;
  }
  return '';
}

/**
 * Loads a person's sketch file (any of SKETCH_EXTENSIONS; ES module syntax in an ESM or a CommonJS
 * folder alike): its default export must be a class extending Sketch. Every failure is theirs to
 * fix and says how: a missing file, a package the sketch imports that is not installed, a syntax
 * error (sketch-syntax.ts), an error in the file's own code (with its line), or no sketch class. The
 * file loaded is always the one named.
 *
 * A file Node treats as CommonJS (a .ts or .js in the folder `npm init -y` makes, a .cts or .cjs)
 * is loaded through tsx's require (require-sketch.ts), so its stack frames name the file and its own lines.
 */
export async function loadSketchFile(file: string): Promise<SketchClass<any>> {
  const path = resolve(file);
  const found = await stat(path).catch(() => undefined);
  if (!found) throw new UserError(`sketch file ${file} does not exist${await withExtension(path, file)}`);
  if (!found.isFile()) throw new UserError(`sketch ${file} is not a file: give the path of a ${sketchExtensionList()} file`);
  if (!(SKETCH_EXTENSIONS as readonly string[]).includes(extname(path))) {
    throw new UserError(`sketch ${file} is not a sketch file: give the path of a ${sketchExtensionList()} file`);
  }
  rememberSketchFile(path);
  const format = sketchModuleFormat(path);
  let hooked = true;
  let module: unknown;
  try {
    if (format === 'module' && /\.m?js$/.test(path) && (pinmeshIsInstalledFor(path) || letSketchesFindPinmesh())) {
      // Plain JavaScript: Node loads it itself (where no pinmesh is installed beside it, the resolve hook
      // hands its `import 'pinmesh'` the running copy).
      module = await importJavaScriptSketch(path);
    } else if (!hooksRunInThisThread() && process.env.JEST_WORKER_ID === undefined) {
      // Node 20: no module hook is registered up front (module.register would start its thread even
      // for the CommonJS folder's sketch, which tsx's require loads anyway). Where pinmesh is not
      // beside the sketch, require's own resolution hands `require('pinmesh')` the running copy.
      if (!pinmeshIsInstalledFor(path)) letRequiresFindPinmesh();
      module = await requireOrImport(path, format);
    } else if (!(hooked = letSketchesFindPinmesh())) {
      // jest's sandbox: its own import() (and its transform, for a .ts) loads the sketch.
      module = await import(pathToFileURL(path).href);
    } else if (format === 'commonjs') {
      module = await requireSketch(path);
    } else {
      module = await importSketchModule(path);
    }
  } catch (error) {
    if (!hooked && /\.[mc]?ts$/.test(path) && (error as Error).name === 'SyntaxError') {
      throw new UserError(
        `cannot load sketch ${file} here: this test runner loads it itself, and has no TypeScript transform (jest: add ts-jest, or write the sketch in JavaScript, a .mjs file). ${errorMessage(error).split('\n')[0]}`,
      );
    }
    throw (
      notInstalled(error, file, path) ??
      sketchSyntaxError(error, file, path) ??
      blameSketch(error, 'while loading') ??
      new UserError(`cannot load sketch ${file}: ${errorMessage(error)}`)
    );
  }
  const sketch = sketchClassOf(module, file);
  rememberSketchClass(sketch, path);
  return sketch;
}

/**
 * One tsx registration for every ES-module sketch this process loads. tsx's tsImport() registers
 * a new namespace on each call and never removes it: Node's module hooks grow a layer per sketch
 * loaded, so a test file (or a person's test suite, through pinmesh/testing) loading its fiftieth
 * sketch waited seconds for it. A fresh query on each load keeps every load a fresh module, as
 * tsImport's own namespace did.
 */
let sketchImporter: { import: (specifier: string, parentURL: string) => Promise<unknown> } | undefined;
let sketchLoads = 0;

/**
 * An ES module sketch in plain JavaScript: Node loads it as it is, with no TypeScript loader, which
 * started a thread of its own and loaded a second copy of pinmesh for the sketch (about 0.4 s of
 * CPU at every `pinmesh run sketch.mjs`). Where its `pinmesh` is not installed beside it (a scratch
 * folder), the resolve hook alone finds it the running copy: tsx's registration is 0.2 s of CPU more
 * on Node 20 (its hooks thread). One that imports a TypeScript file still gets tsx.
 */
async function importJavaScriptSketch(path: string): Promise<unknown> {
  try {
    return await import(`${pathToFileURL(path).href}?pinmesh-load=${++sketchLoads}`);
  } catch (error) {
    // Raised while Node links the module graph, before any of it runs: loading it again runs it once.
    if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !letSketchesFindPinmesh()) throw error;
    return importSketchModule(path);
  }
}

/**
 * A sketch other than plain JavaScript where Node runs module hooks only in a thread of their own
 * (Node 20: module.register): loaded by tsx's require in this thread (require-sketch.ts; an ES module
 * sketch as an ES module would be), instead of through tsx's import, whose hooks thread every later
 * import of the process then waits on (0.3 s of CPU at each start, half of a `pinmesh test` of a .ts
 * sketch on Node 20). What a require cannot load and an import can is loaded with the hooks, as
 * before: a top-level await (CommonJS cannot hold one), a package that exports only to `import`,
 * one a require does not find, and a file with an `import()`, which Node's own import would meet
 * with no TypeScript loader and no resolve hook (import-only-refusal.ts). The sketch's own code
 * has not run then; a package it required before the one refused has, and runs again.
 */
async function requireOrImport(path: string, format: 'module' | 'commonjs'): Promise<unknown> {
  try {
    return format === 'commonjs' ? await requireSketch(path, refusingImportOnlyCode) : await requireEsModuleSketch(path, refusingImportOnlyCode);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (format === 'commonjs') {
      // An import() in a CommonJS sketch: required again with the resolve hook, as it was before, which
      // answers import('pinmesh') where pinmesh is not beside the sketch.
      if (code !== NEEDS_IMPORT_HOOKS || !letSketchesFindPinmesh()) throw error;
      return requireSketch(path);
    }
    // Also an ES module package Node loaded itself asking for a pinmesh it cannot reach (the package in
    // a node_modules above the sketch's folder, pinmesh beside the sketch): the resolve hook finds it.
    const pinmeshUnreached = code === 'ERR_MODULE_NOT_FOUND' && /'pinmesh'/.test(errorMessage(error));
    if (!(IMPORT_MAY_LOAD.has(code) || pinmeshUnreached) || !letSketchesFindPinmesh()) throw error;
    return importSketchModule(path);
  }
}

/** A require's refusals that an import may not share: Node's codes, and a file that uses what only an import has. */
const IMPORT_MAY_LOAD = new Set(['ERR_REQUIRE_ASYNC_MODULE', 'ERR_REQUIRE_ESM', 'ERR_PACKAGE_PATH_NOT_EXPORTED', 'MODULE_NOT_FOUND', NEEDS_IMPORT_HOOKS]);

async function importSketchModule(path: string): Promise<unknown> {
  if (!sketchImporter) {
    const { register } = await import('tsx/esm/api');
    sketchImporter = register({ namespace: 'pinmesh-sketch' });
    keepPinmeshShared();
  }
  return sketchImporter.import(`${pathToFileURL(path).href}?pinmesh-load=${++sketchLoads}`, import.meta.url);
}

/** "Cannot find package 'left-pad'": which package to install, and where. */
function notInstalled(error: unknown, file: string, path: string): UserError | undefined {
  const code = (error as { code?: string }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  const named = /Cannot find (?:package|module) '([^']+)'/.exec(errorMessage(error))?.[1];
  if (!named) return undefined;
  if (named.startsWith('.') || named.startsWith('/') || named.startsWith('file:')) {
    return new UserError(`sketch ${file} imports ${named}, which does not exist: check the path in its import`);
  }
  const pkg = named.startsWith('@') ? named.split('/').slice(0, 2).join('/') : named.split('/')[0]!;
  return new UserError(`sketch ${file} imports "${pkg}", which is not installed where the sketch is: run npm install ${pkg} in ${dirname(path)}`);
}
