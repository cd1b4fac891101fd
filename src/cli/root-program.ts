import { Command } from 'commander';
import { packageVersion } from './package-info.js';

/** The `pinmesh` command itself, with no subcommand yet: its description and --version (its usage errors: usage-errors.ts, once its commands are in). */
export function rootProgram(): Command {
  return new Command('pinmesh')
    .description('Reactive Arduino-style sketches that talk over WebSockets and drive real Arduino pins through Firmata')
    .version(packageVersion());
}
