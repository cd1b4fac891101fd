import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { fileSketch } from '../../sketches/node-plan.js';
import { loadSketchFile, sketchExtensionList } from '../../runtime/sketch-file.js';
import { boardOptions, listenOptions, outputOptions, peerOptions, seedOption } from '../common-options.js';
import * as parse from '../parse.js';
import { addExtensionOptions } from '../run/run-extension.js';
import { securityOptions } from '../security-options.js';
import { servedNodeExtensions, serveUntilStopped, type NodeFlags } from './nodes.js';

interface RunFlags extends NodeFlags {
  name?: string;
  option: Record<string, unknown>;
}

export function registerRunCommand(program: Command): void {
  const run = program
    .command('run')
    .description(`serve your own sketch file (${sketchExtensionList()}) as a node of the mesh`)
    .argument('<file>', 'sketch file whose default export extends Sketch')
    .option('--name <name>', 'node name (default: the file name)')
    .option('-o, --option <key=value>', 'an option for the sketch’s setup(); repeat for more', parse.keyValue, {});
  listenOptions(run, 'named');
  peerOptions(run);
  securityOptions(run);
  addExtensionOptions(run, servedNodeExtensions);
  boardOptions(run, 'mock');
  seedOption(run);
  outputOptions(run).action(async (file: string, flags: RunFlags, command: Command) => {
    const name = flags.name ?? basename(file, extname(file));
    await serveUntilStopped({ name, sketch: async () => fileSketch(await loadSketchFile(file), file), sketchName: basename(file), overrides: flags.option, flags, command });
  });
}
