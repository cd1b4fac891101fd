import type { Command } from 'commander';
import type { RunOptions } from '../run/run-options.js';
import type { BoardOptions } from './common-options.js';

/** --board and --serial-port as a library run takes them: --board given on the command line wins over the circuit file's. */
export function boardRequestOf(flags: BoardOptions, command: Command): Pick<RunOptions, 'board' | 'serialPort' | 'boardGiven'> {
  return {
    board: flags.board,
    ...(flags.serialPort !== undefined && { serialPort: flags.serialPort }),
    boardGiven: command.getOptionValueSource('board') === 'cli',
  };
}
