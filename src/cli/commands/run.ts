import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { UserError, errorMessage } from '../../errors.js';
import type { SketchClass } from '../../runtime/sketch.js';
import {
  boardOptions,
  listenOptions,
  outputOptions,
  peerOptions,
  type BoardOptions,
  type ListenOptions,
  type OutputOptions,
  type PeerOptions,
} from '../common-options.js';
import * as parse from '../parse.js';
import { securityOptions, type SecurityFlags } from '../security-options.js';
import { serveUntilStopped } from './nodes.js';

interface RunFlags extends OutputOptions, BoardOptions, ListenOptions, PeerOptions, SecurityFlags {
  name?: string;
  option: Record<string, unknown>;
}

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
  const exported = module.default;
  // Duck-typed: the file may import 'pinmesh' from another copy than the one running it.
  if (typeof exported !== 'function' || typeof exported.prototype?.loop !== 'function') {
    throw new UserError(`sketch ${file} must have a default export that is a class extending Sketch from 'pinmesh' (export default class MySketch extends Sketch { … })`);
  }
  return exported as SketchClass<any>;
}

export function registerRunCommand(program: Command): void {
  const run = program
    .command('run')
    .description('serve your own sketch file (.ts or .js) as a node of the mesh')
    .argument('<file>', 'sketch file whose default export extends Sketch')
    .option('--name <name>', 'node name (default: the file name)')
    .option('-o, --option <key=value>', 'an option for the sketch’s setup(); repeat for more', parse.keyValue, {});
  listenOptions(run, 'named');
  peerOptions(run);
  securityOptions(run);
  boardOptions(run, 'mock');
  outputOptions(run).action(async (file: string, flags: RunFlags) => {
    const name = flags.name ?? basename(file, extname(file));
    // Loading happens inside the session so a bad file is one clear line, not a stack trace.
    await serveUntilStopped({ name, load: () => loadSketchFile(file), sketchOptions: flags.option, flags });
  });
}
