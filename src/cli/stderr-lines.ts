/**
 * pinmesh's own lines on stderr (an error, a warning, the live view's sign-in link) in their place
 * among the event lines on stdout, as a terminal shows both. A session's event lines are gathered and
 * written asynchronously (src/report/line-writer.ts), and stderr is written at once: an error could
 * show before the board's lines that came before it. A line here is written once the event lines
 * reported before it are out, and those reported after wait for it (a second at most, for a reader
 * of stdout that does not read).
 */

type Between = (write: () => void) => Promise<void>;

/** How a line on stderr takes its place among the event lines; at once when no session prints them. */
let between: Between = (write) => {
  write();
  return Promise.resolve();
};
let lastLine: Promise<void> = Promise.resolve();
let waiting = 0;

/** The session's event lines: lines on stderr from now on take their place among them. */
export function stderrAmong(eventLines: { between: Between }): void {
  between = (write) => eventLines.between(write);
}

/** Writes `text` (whole lines) on stderr in its place among the event lines; lines asked for together keep their order. */
export function writeStderr(text: string): Promise<void> {
  const write = () => void process.stderr.write(text);
  // Its place is taken now, before this turn reports more lines (a failure's fail-safe does at once).
  const placed = waiting === 0 ? between(write) : lastLine.then(() => between(write));
  waiting += 1;
  lastLine = placed.finally(() => void (waiting -= 1));
  return lastLine;
}

/** Resolves once every line asked for so far is on stderr (before the process exits). */
export function stderrWritten(): Promise<void> {
  return lastLine;
}
