import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError, errorMessage } from '../errors.js';

/**
 * A sketch file that does not parse, said in one line and the same words whichever loader met it:
 * `sketch blink.ts has a syntax error at line 3, column 28: Unexpected ";"`. The loaders say it
 * three ways: Node's own import (`Unexpected token ';'`, with no file and no line; Node 24's own
 * TypeScript, `Expression expected`, names the file on its stack's first line), tsx's TypeScript
 * transform (esbuild's `Transform failed with 1 error:` and, on a second line, the place, its column
 * counted from 0 and a .mts or .cts named .ts) and tsx's scan of a JavaScript module's imports
 * (`Parse error /dir/blink.mjs:1:1`, wherever the mistake is). So the file is parsed again, by the
 * esbuild tsx runs, and its first error is the one said; the column counts characters from 1, as a
 * stack frame's (`failed in setup() at line 5, column 11`).
 */
export class SketchSyntaxError extends UserError {
  constructor(
    /** The file with the mistake, as the person would name it (relative to the working folder). */
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    /** The sketch as the person named it, when the mistake is in a file it imports. */
    importedBy?: string,
  ) {
    const place = `has a syntax error at line ${line}, column ${column}: ${reason}`;
    super(importedBy === undefined ? `sketch ${file} ${place}` : `sketch ${importedBy} imports ${file}, which ${place}`);
    this.name = 'SketchSyntaxError';
  }

  /** Where, as an event's `at` says it (as SketchError's): `helper.mjs:2:13`. */
  get at(): string {
    return `${this.file}:${this.line}:${this.column}`;
  }
}

/**
 * If `error`, raised while loading the sketch at `path` (named `file` by the person), is a syntax
 * error in the sketch or in a file it imports: the SketchSyntaxError that says where. Otherwise
 * undefined (a SyntaxError the sketch's own code threw while it loaded, JSON.parse's, is not one).
 */
export function sketchSyntaxError(error: unknown, file: string, path: string): SketchSyntaxError | undefined {
  if (!looksLikeSyntax(error)) return undefined;
  const named = fileNamedBy(error, path);
  for (const candidate of named === undefined || named === path ? [path] : [named, path]) {
    const found = firstSyntaxError(candidate);
    if (!found) continue;
    if (candidate === path) return new SketchSyntaxError(file, found.line, found.column, found.reason);
    return importedSyntaxError(candidate, found, file);
  }
  // Node's own import names no file for a module the sketch imports: the sketch's own imports are
  // followed (its relative ones, not packages) to the first file that does not parse.
  if (named === undefined) {
    const imported = firstSyntaxErrorAmongImports(path);
    if (imported) return importedSyntaxError(imported.path, imported, file);
  }
  return undefined;
}

function importedSyntaxError(path: string, found: Place, sketch: string): SketchSyntaxError {
  return new SketchSyntaxError(relative(process.cwd(), path) || path, found.line, found.column, found.reason, sketch);
}

/** A SyntaxError (Node's), esbuild's transform failing (tsx names it TransformError), or tsx's import scan. */
function looksLikeSyntax(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'SyntaxError' || error.name === 'TransformError' || /^Transform failed with \d+ errors?:/.test(error.message) || PARSE_ERROR.test(error.message);
}

const PARSE_ERROR = /^Parse error (.+):\d+:\d+$/;
const SCRIPT = /\.[cm]?[jt]sx?$/;
const TRANSFORM_FAILED = /^Transform failed with \d+ errors?:\n(.+?):\d+:\d+: ERROR: /;

/** Node's own TypeScript (Node 22.18 and later) names the file on its error's first line: `file:///dir/half.ts:1`. */
const STACK_PLACE = /^(file:\/\/\S+?|\/\S+?):\d+(?::\d+)?$/;

/**
 * The file the error names, if it names one: esbuild names a .mts or .cts as .ts and a .mjs as .js
 * (the sketch's own name is kept when it is the one meant).
 */
function fileNamedBy(error: unknown, path: string): string | undefined {
  const message = errorMessage(error);
  const stack = (error as { stack?: unknown }).stack;
  const firstLine = typeof stack === 'string' ? stack.split('\n', 1)[0]! : '';
  const named = TRANSFORM_FAILED.exec(message)?.[1] ?? PARSE_ERROR.exec(message)?.[1] ?? STACK_PLACE.exec(firstLine)?.[1];
  if (named === undefined) return undefined;
  const given = named.startsWith('file://') ? fileURLToPath(named.split('?')[0]!) : named.split('?')[0]!;
  const stem = given.slice(0, -extname(given).length || undefined);
  if (stem === path.slice(0, -extname(path).length)) return path;
  const renamed = extname(given) === '.ts' ? ['.ts', '.mts', '.cts'] : extname(given) === '.js' ? ['.js', '.mjs'] : [extname(given)];
  return renamed.map((extension) => stem + extension).find((candidate) => existsSync(candidate));
}

interface Place {
  line: number;
  column: number;
  reason: string;
}

interface EsbuildMessage {
  text: string;
  location: { line: number; column: number; lineText: string } | null;
}

interface Esbuild {
  transformSync(code: string, options: { loader: 'ts' | 'js'; sourcefile: string; logLevel: 'silent' }): unknown;
  buildSync(options: { entryPoints: string[]; bundle: true; write: false; packages: 'external'; platform: 'node'; format: 'esm'; logLevel: 'silent' }): unknown;
}

/** esbuild's place (a column in bytes from 0) as a person counts it: characters from 1. */
function placeOf(message: EsbuildMessage): Place | undefined {
  if (!message.location) return undefined;
  const { line, column, lineText } = message.location;
  return { line, column: Buffer.from(lineText).subarray(0, column).toString().length + 1, reason: message.text };
}

/**
 * The first file that does not parse among those the sketch at `path` imports, near or far, by
 * relative path (packages are not followed): esbuild bundles the sketch without writing anything
 * and says where it stopped.
 */
function firstSyntaxErrorAmongImports(path: string): (Place & { path: string }) | undefined {
  const esbuild = tsxEsbuild();
  if (!esbuild) return undefined;
  try {
    esbuild.buildSync({ entryPoints: [path], bundle: true, write: false, packages: 'external', platform: 'node', format: 'esm', logLevel: 'silent' });
    return undefined;
  } catch (error) {
    // Only a mistake in a JavaScript or TypeScript file: not an import that cannot be found, nor a
    // file esbuild has no loader for (a native add-on), which Node's own loader may take.
    const errors = (error as { errors?: Array<EsbuildMessage & { location: { file: string } | null }> }).errors ?? [];
    const first = errors.find(({ location, text }) => location && SCRIPT.test(location.file) && !/^(Could not resolve|No loader is configured)/.test(text));
    const place = first ? placeOf(first) : undefined;
    if (!first?.location || !place) return undefined;
    const file = resolve(first.location.file);
    return file === path ? undefined : { ...place, path: file };
  }
}

/** The first syntax error esbuild finds in the file at `path`, if any (undefined too where esbuild cannot be had). */
function firstSyntaxError(path: string): Place | undefined {
  const esbuild = tsxEsbuild();
  if (!esbuild) return undefined;
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    esbuild.transformSync(source, { loader: /\.[cm]?ts$/.test(path) ? 'ts' : 'js', sourcefile: path, logLevel: 'silent' });
    return undefined;
  } catch (error) {
    const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
    return first ? placeOf(first) : undefined;
  }
}

/** The esbuild tsx depends on (pinmesh's own is only for building it), found from tsx as tsx finds it. */
function tsxEsbuild(): Esbuild | undefined {
  try {
    const tsx = createRequire(import.meta.url).resolve('tsx/package.json');
    return createRequire(tsx)('esbuild') as Esbuild;
  } catch {
    return undefined;
  }
}
