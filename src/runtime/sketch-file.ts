import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../errors.js';
import { letSketchesFindPinmesh } from './find-pinmesh.js';
import { blameSketch, rememberSketchFile } from './sketch-error.js';
import type { SketchClass } from './sketch.js';

/**
 * Loads a person's sketch file (.ts, .mts, .js or .mjs; ES module syntax in an ESM or a CommonJS
 * folder alike): its default export must be a class extending Sketch. Every failure is theirs to
 * fix and says how: a missing file, a package the sketch imports that is not installed, an error in
 * the file's own code (with its line), or no sketch class.
 */
export async function loadSketchFile(file: string): Promise<SketchClass<any>> {
  const path = resolve(file);
  const found = await stat(path).catch(() => undefined);
  if (!found) throw new UserError(`sketch file ${file} does not exist`);
  if (!found.isFile()) throw new UserError(`sketch ${file} is not a file: give the path of a .ts or .js file`);
  rememberSketchFile(path);
  letSketchesFindPinmesh();
  let module: { default?: unknown };
  try {
    const { tsImport } = await import('tsx/esm/api');
    module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    throw notInstalled(error, file, path) ?? blameSketch(error, 'while loading') ?? new UserError(`cannot load sketch ${file}: ${errorMessage(error)}`);
  }
  // A file loaded as CommonJS (a folder whose package.json says "type": "commonjs") arrives wrapped once more.
  const wrapped = module.default as { default?: unknown } | undefined;
  const exported = typeof wrapped === 'object' && wrapped !== null && typeof wrapped.default === 'function' ? wrapped.default : wrapped;
  // Duck-typed: the file may import 'pinmesh' from another copy than the one running it.
  if (typeof exported !== 'function' || typeof exported.prototype?.loop !== 'function') {
    throw new UserError(`sketch ${file} must have a default export that is a class extending Sketch from 'pinmesh' (export default class MySketch extends Sketch { … })`);
  }
  return exported as SketchClass<any>;
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
