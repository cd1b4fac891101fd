import { UserError } from '../errors.js';

/**
 * The UserError for a circuit file that is not valid JSON: where, as FILE:LINE:COLUMN and in words,
 * from the position JSON.parse names (the end of the file when it ran out), and what is wrong there.
 */
export function jsonSyntaxError(text: string, error: unknown, file: string): UserError {
  const message = (error as Error).message.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '');
  const position = /at position (\d+)/.exec((error as Error).message)?.[1];
  const offset = position !== undefined ? Number(position) : /end of (JSON|data)/i.test(message) ? text.length : undefined;
  if (offset === undefined) return new UserError(`bad circuit file ${file}: not valid JSON: ${message}`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return new UserError(`bad circuit file ${file}:${line}:${column} (line ${line}, column ${column}): not valid JSON: ${message}`);
}
