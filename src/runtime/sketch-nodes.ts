/**
 * Which node runs which of the person's sketch files, so that an error their file's code throws
 * outside loop() (in work setup() left running: a timer, a promise nothing awaits) is said as that
 * node's, as a loop() error is: the error event of `pinmesh run --json` and `pinmesh circuit --json`
 * names it. A file run by several nodes at once names none of them: its stack cannot tell which.
 */

/** The file each sketch class was loaded from (absolute). */
const files = new WeakMap<Function, string>();
/** The nodes running each file now, by name. Bound: the nodes running. */
const running = new Map<string, string[]>();

export function rememberSketchClass(sketch: Function, path: string): void {
  files.set(sketch, path);
}

/** The file `sketch` was loaded from (absolute), if pinmesh loaded it from one. */
export function fileOfSketch(sketch: Function): string | undefined {
  return files.get(sketch);
}

/** Node `name` runs `sketch` until the returned function is called (a class not loaded from a file: nothing to say). */
export function nodeRuns(sketch: Function, name: string): () => void {
  const path = files.get(sketch);
  if (path === undefined) return () => {};
  running.set(path, [...(running.get(path) ?? []), name]);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    const names = running.get(path)!;
    names.splice(names.indexOf(name), 1);
    if (names.length === 0) running.delete(path);
  };
}

/** The node running the file at `path`, if exactly one does. */
export function nodeRunningFile(path: string): string | undefined {
  const names = running.get(path);
  return names?.length === 1 ? names[0] : undefined;
}
