import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError, errorMessage } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { fileOfSketch, nodeRunningFile } from './sketch-nodes.js';

/** The person's sketch files loaded in this process (absolute paths), to tell their errors from pinmesh's. Bound: one per sketch file loaded. */
const sketchFiles = new Set<string>();

export function rememberSketchFile(path: string): void {
  sketchFiles.add(path);
}

/**
 * An error raised by the person's own sketch code (in setup(), teardown(), or a callback that crashed
 * the process): their mistake to fix, named with their file and line, not a bug in pinmesh; and
 * with the node that runs the sketch, where that is known.
 */
export class SketchError extends UserError {
  constructor(
    readonly file: string,
    /** When it failed: `in setup()`, `while running`. */
    readonly when: string,
    override readonly cause: unknown,
    /** Where in the file (absent for a frame that gives no true line: a CommonJS file imported as an ES module). */
    readonly place?: { line: string; column: string },
    /** The node running the sketch. */
    readonly node?: string,
  ) {
    super(`your sketch ${file} failed ${when}${place ? ` at line ${place.line}, column ${place.column}` : ''}: ${typeScriptImportRefused(cause) ?? describedError(cause)}`);
    this.name = 'SketchError';
  }

  /** Where, as an event's `at` says it: `lamp.mjs:6:37` (the file alone when no line is known). */
  get at(): string {
    return this.place ? `${this.file}:${this.place.line}:${this.place.column}` : this.file;
  }
}

/** The person's sketch files loaded in this process, as a message names them (relative to the working folder). */
export function loadedSketchFiles(): string[] {
  return [...sketchFiles].map((path) => relative(process.cwd(), path) || path);
}

/**
 * Whether `error` has a frame of pinmesh's own code (its wrappers of Node's module loader aside):
 * one without raised in Node or a package, in work that pinmesh or the sketch started.
 */
export function hasPinmeshFrame(error: Error): boolean {
  return (error.stack ?? '').split('\n').slice(1).some((line) => isPinmeshFrame(line.trim()));
}

/** An error's message and the reason it gives as its cause: `fetch failed (bad port)`. */
export function describedError(error: unknown): string {
  return `${errorMessage(error)}${becauseOf(error)}`;
}

/** ` (connect ECONNREFUSED 127.0.0.1:80)`: the reason an error gives as its cause (`fetch failed` says nothing else). */
function becauseOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error && cause.message && !errorMessage(error).includes(cause.message) ? ` (${cause.message})` : '';
}

/**
 * An `import()` of a TypeScript file that Node refused, said with what to do instead of Node's words
 * (`Unknown file extension ".ts"` on Node 20; on Node 24 `Cannot require() ES Module … in a cycle`,
 * which advises a lazy load: the import() is one). What a sketch in a CommonJS folder meets: tsx's
 * require compiles its static imports, and leaves its `import()` to Node, which reads a `.ts` there
 * as CommonJS (Node 24) or not at all (Node 20).
 */
function typeScriptImportRefused(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' && code !== 'ERR_REQUIRE_CYCLE_MODULE') return undefined;
  const path = /(?:for|ES Module) (\S+\.[cm]?ts)\b/.exec(errorMessage(error))?.[1];
  if (path === undefined) return undefined;
  const file = relative(process.cwd(), path) || path;
  const name = basename(path).replace(/\.([cm]?)ts$/, '.$1js');
  return `it cannot import() ${file}, a TypeScript file, from a CommonJS folder: import it statically (import { … } from './${name}'), or make the folder an ES module one ("type": "module" in its package.json)`;
}

/**
 * If `error` was thrown from a loaded sketch file, the SketchError that says so; otherwise undefined.
 * Its node is `node`, or the one node running that file (sketch-nodes.ts).
 */
export function blameSketch(error: unknown, when: string, node?: string): SketchError | undefined {
  if (!(error instanceof Error) || error instanceof UserError || !error.stack) return undefined;
  for (const line of error.stack.split('\n').slice(1)) {
    const frame = sketchFrame(line.trim());
    if (!frame || !sketchFiles.has(frame.path)) continue;
    const place = frame.line ? { line: frame.line, column: frame.column! } : undefined;
    return new SketchError(relative(process.cwd(), frame.path) || frame.path, when, error, place, node ?? nodeRunningFile(frame.path));
  }
  return undefined;
}

/**
 * As blameSketch, for a sketch class a program gave in code (`serveNode({ sketch: Lamp })`): its
 * file was never loaded by pinmesh, so the error's first frame in code of the person's own (not
 * pinmesh's, not a package's under node_modules) says where. An error whose every frame is pinmesh's
 * (or a package's) is not blamed on the sketch.
 */
export function blameSketchCode(error: unknown, when: string, node: string): SketchError | undefined {
  const blamed = blameSketch(error, when, node);
  if (blamed || !(error instanceof Error) || error instanceof UserError || !error.stack) return blamed;
  for (const line of error.stack.split('\n').slice(1)) {
    const frame = sketchFrame(line.trim());
    if (!frame) continue; // node's own (node:internal/…, native code)
    // pinmesh refusing what the sketch asked (a pin the board lacks), or a package the sketch called: the caller is the place.
    if (isPinmeshCode(frame.path) || frame.path.includes(`${sep}node_modules${sep}`)) continue;
    const place = frame.line ? { line: frame.line, column: frame.column! } : undefined;
    return new SketchError(relative(process.cwd(), frame.path) || frame.path, when, error, place, node);
  }
  return undefined;
}

/**
 * What a sketch's own call let out that no frame places (after blameSketchCode), said with the
 * sketch's file (or its class, given in code) and no line. It is the sketch's to fix:
 * - a value that is no Error (`throw 'no lamp here'`): pinmesh throws only Errors, and a value
 *   carries no stack;
 * - an Error none of whose frames is pinmesh's: raised by Node or a package in what the sketch awaited,
 *   with no frame of the sketch's left in its stack (a `fetch()` that failed: "fetch failed", an
 *   `import()` Node refused). One with a frame of pinmesh's is left as it is: pinmesh's own failure.
 */
export function blameUnplaced(thrown: unknown, when: string, node: string, sketch: Function): SketchError | undefined {
  if (thrown instanceof UserError) return undefined;
  if (thrown instanceof Error && hasPinmeshFrame(thrown)) return undefined;
  const path = fileOfSketch(sketch);
  const file = path === undefined ? `class ${sketch.name || `of node ${node}`}` : relative(process.cwd(), path) || path;
  return new SketchError(file, when, thrown, undefined, node);
}

/**
 * Whether a stack line is a frame of pinmesh's own code, but for its wrappers of Node's module loader
 * (`Module.prototype._compile`: compile-window.ts; `Module._resolveFilename`), which every module a
 * sketch loads passes through, and whose frame is in the stack of whatever Node refuses to load.
 */
function isPinmeshFrame(line: string): boolean {
  const frame = sketchFrame(line);
  return frame !== undefined && isPinmeshCode(frame.path) && !/^at (?:\S+\.)?_(?:compile|resolveFilename) \(/.test(line);
}

let ownCode: string[] | undefined;
/** Whether `path` is pinmesh's own code: its sources, or their builds. */
function isPinmeshCode(path: string): boolean {
  const root = packageRoot();
  ownCode ??= ['src', 'dist', join('dist-test', 'src')].map((dir) => join(root, dir) + sep);
  return ownCode.some((dir) => path.startsWith(dir));
}

interface Frame {
  path: string;
  line?: string;
  column?: string;
}

/**
 * The file and position one stack line names, in each shape a sketch's frames take: a path
 * (`/dir/oops.ts:9:11`, CommonJS), a file URL with a query (`file:///dir/oops.ts?tsx-namespace=…:9:11`,
 * an ES module), or a data: URL that names its file in `?filePath=` (a CommonJS file imported as an
 * ES module: its line and column are of minified code, so they are not given).
 */
export function sketchFrame(line: string): Frame | undefined {
  const at = /^at (?:.*? \()?(.*?):(\d+):(\d+)\)?$/.exec(line);
  if (!at) return undefined;
  const location = at[1]!;
  if (location.startsWith('data:')) {
    const named = /[?&]filePath=([^?&]*)/.exec(location);
    return named ? { path: stripQuery(decodeURIComponent(named[1]!)) } : undefined;
  }
  const path = location.startsWith('file://') ? fileURLToPath(location.split('?')[0]!) : stripQuery(location);
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? { path, line: at[2]!, column: at[3]! } : undefined;
}

function stripQuery(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}
