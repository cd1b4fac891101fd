import { UserError } from '../errors.js';

/**
 * The UserError for a circuit file that is not valid JSON, on one line. A file that reads as YAML is
 * said to be YAML (circuit files are JSON). Otherwise: where, as FILE:LINE:COLUMN and in words, and
 * what is wrong there. The place is the position JSON.parse names, or the end of the file when it ran
 * out; an unexpected character JSON.parse names only by quoting the text around it, newlines and all:
 * that quote is left out, and the place found here.
 */
export function jsonSyntaxError(text: string, error: unknown, file: string): UserError {
  if (looksLikeYaml(text)) return new UserError(`bad circuit file ${file}: not JSON (it looks like YAML); circuit files are JSON: {"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}, …}}`);
  const said = (error as Error).message;
  const message = said.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '').replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
  const position = /at position (\d+)/.exec(said)?.[1];
  const offset = position !== undefined ? Number(position) : /^Unexpected token/.test(said) ? unexpectedCharacterAt(text) : /end of (JSON|data)/i.test(said) ? text.length : undefined;
  if (offset === undefined) return new UserError(`bad circuit file ${file}: not valid JSON: ${message.replace(/\s+/g, ' ')}`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return new UserError(`bad circuit file ${file}:${line}:${column} (line ${line}, column ${column}): not valid JSON: ${message}`);
}

/**
 * Where the character JSON.parse calls unexpected is: the shortest start of the text that JSON.parse
 * refuses for an unexpected character ends with it (every shorter start is JSON cut short).
 */
function unexpectedCharacterAt(text: string): number | undefined {
  const refused = (length: number) => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      return /^Unexpected token/.test((error as Error).message);
    }
  };
  if (!refused(text.length)) return undefined;
  let [low, high] = [0, text.length]; // refused(high), not refused(low)
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (refused(middle)) high = middle;
    else low = middle;
  }
  return high - 1;
}

/** Whether a file reads as YAML: its first line that is neither blank nor a comment is `---`, `- item` or `key: value` with a bare key. */
function looksLikeYaml(text: string): boolean {
  const first = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  return first !== undefined && /^(?:---|-(?:\s|$)|[A-Za-z_][\w.-]*\s*:(?:\s|$))/.test(first);
}
