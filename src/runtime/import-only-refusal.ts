import { compilingWith } from './compile-window.js';
import { isEsModuleFile } from './es-module-semantics.js';

/** The code of the refusal below: the caller loads the sketch again with the module hooks registered. */
export const NEEDS_IMPORT_HOOKS = 'PINMESH_NEEDS_IMPORT_HOOKS';

/**
 * Runs `load` (a require through tsx, on Node 20 with no module hook registered: sketch-file.ts)
 * refusing, before any of it runs, a file that uses what only Node's own import has:
 * - `import()` in an ES module (the person's own, or a package's: tsx compiles those too) or in any
 *   file of the person's own: tsx's require compiles static imports into requires but leaves `import()`
 *   to Node's import, which has neither tsx's loader (an `import('./more.ts')` fails: unknown file
 *   extension) nor, where pinmesh is not installed beside the sketch, the resolve hook that finds it the
 *   running copy; and a package's chunk imported that way would be a second copy of the modules it
 *   shares with the package's files already required;
 * - `import.meta.resolve`, which tsx's CommonJS leaves undefined.
 * The refusal (code NEEDS_IMPORT_HOOKS) has the sketch loaded as before, with the hooks. A package's
 * CommonJS file is compiled as it comes: its `import()` is Node's own in any case.
 */
export function refusingImportOnlyCode<T>(load: () => T): T {
  return compilingWith((content, filename) => {
    const ownFile = !/[\\/]node_modules[\\/]/.test(filename);
    if (!ownFile && !isEsModuleFile(filename)) return content;
    const uses = DYNAMIC_IMPORT.test(content) ? 'a dynamic import()' : IMPORT_META_RESOLVE.test(content) ? 'import.meta.resolve' : undefined;
    if (!uses) return content;
    throw Object.assign(new Error(`${filename.split('?')[0]} uses ${uses}, which needs the module hooks`), { code: NEEDS_IMPORT_HOOKS });
  }, load);
}

/** `import(` or `import (`, in the code as tsx compiled it (static imports are requires by then; a comment that says it only costs the faster route). */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

/** `import.meta.resolve` as esbuild writes it in CommonJS: a property of the object that stands for `import.meta`. */
const IMPORT_META_RESOLVE = /import_meta\w*\.resolve\b/;
