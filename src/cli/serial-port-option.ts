import type { Command } from 'commander';
import * as parse from './parse.js';
import { adviseOnUsageErrors, appendToFirstLine } from './usage-advice.js';

/**
 * `--serial-port <path>` (never empty), and for a command without --port of its own, the advice a
 * person who gave the serial port as --port or -p (arduino-cli's habit) needs.
 */
export function serialPortOption(command: Command, description: string): Command {
  command.option('--serial-port <path>', description, parse.serialPort);
  return adviseOnUsageErrors(command, (text) =>
    /^error: unknown option '(--port|-p)(=[^']*)?'/.test(text) ? appendToFirstLine(text, parse.SERIAL_PORT_HINT) : text,
  );
}
