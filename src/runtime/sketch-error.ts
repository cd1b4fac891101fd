import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError, errorMessage } from '../errors.js';

/** The person's sketch files loaded in this process (absolute paths), to tell their errors from pinmesh's. Bound: one per sketch file loaded. */
const sketchFiles = new Set<string>();

export function rememberSketchFile(path: string): void {
  sketchFiles.add(path);
}

/**
 * An error raised by the person's own sketch code (in setup(), teardown(), or a callback that crashed
 * the process): their mistake to fix, named with their file and line, not a bug in pinmesh.
 */
export class SketchError extends UserError {
  constructor(
    readonly file: string,
    readonly where: string,
    override readonly cause: unknown,
  ) {
    super(`your sketch ${file} failed ${where}: ${errorMessage(cause)}`);
    this.name = 'SketchError';
  }
}

/** If `error` was thrown from a loaded sketch file, the SketchError that says so; otherwise undefined. */
export function blameSketch(error: unknown, when: string): SketchError | undefined {
  if (!(error instanceof Error) || error instanceof UserError || !error.stack) return undefined;
  for (const line of error.stack.split('\n').slice(1)) {
    const frame = /\(?((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!frame) continue;
    const path = stripQuery(frame[1]!.startsWith('file://') ? fileURLToPath(frame[1]!.split('?')[0]!) : frame[1]!);
    if (sketchFiles.has(path)) return new SketchError(relative(process.cwd(), path) || path, `${when} at line ${frame[2]}, column ${frame[3]}`, error);
  }
  return undefined;
}

function stripQuery(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}
