import type { Command } from 'commander';

/**
 * Adds advice to what commander itself says of a command's usage (an unknown option, too many
 * arguments): `advise` gets commander's text and the command (its `args` as given), and returns the
 * text to print; usage-errors.ts then makes it the one line printed (a line with advice needs no pointer to --help).
 */
export function adviseOnUsageErrors(command: Command, advise: (text: string, command: Command) => string): Command {
  const { outputError } = command.configureOutput();
  const print = outputError ?? ((text: string, write: (text: string) => void) => write(text));
  return command.configureOutput({ outputError: (text, write) => print(advise(text, command), write) });
}

/** Advice appended to one line of commander's text: "error: unknown option '--port'" + ": a serial port goes in …". */
export function appendToFirstLine(text: string, advice: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? `${text}: ${advice}` : `${text.slice(0, end)}: ${advice}${text.slice(end)}`;
}
