import { Command } from 'commander';
import { packageVersion } from './package-info.js';

/** The `pinmesh` command itself, with no subcommand yet: its description, --version and how errors read. */
export function rootProgram(): Command {
  return new Command('pinmesh')
    .description('Reactive Arduino-style sketches that talk over WebSockets and drive real Arduino pins through Firmata')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(`pinmesh: ${text.replace(/^error: /, '')}`) });
}
