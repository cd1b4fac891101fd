import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../errors.js';
import type { SketchClass } from './sketch.js';

/** Loads a user's sketch file (.ts or .js): its default export must be a class extending Sketch. */
export async function loadSketchFile(file: string): Promise<SketchClass<any>> {
  const path = resolve(file);
  let module: { default?: unknown };
  try {
    if (/\.[cm]?ts$/.test(path)) {
      const { tsImport } = await import('tsx/esm/api');
      module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
    } else {
      module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && errorMessage(error).includes(path)) throw new UserError(`sketch file ${file} does not exist`);
    throw new UserError(`cannot load sketch ${file}: ${errorMessage(error)}`);
  }
  // A file loaded as CommonJS (a folder whose package.json says "type": "commonjs") arrives wrapped once more.
  const wrapped = module.default as { default?: unknown; __esModule?: boolean } | undefined;
  const exported = typeof wrapped === 'object' && wrapped !== null && typeof wrapped.default === 'function' ? wrapped.default : wrapped;
  // Duck-typed: the file may import 'pinmesh' from another copy than the one running it.
  if (typeof exported !== 'function' || typeof exported.prototype?.loop !== 'function') {
    throw new UserError(`sketch ${file} must have a default export that is a class extending Sketch from 'pinmesh' (export default class MySketch extends Sketch { … })`);
  }
  return exported as SketchClass<any>;
}
