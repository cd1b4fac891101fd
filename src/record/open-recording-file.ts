/**
 * Opening a recording's file as a person expects of a tool writing a file of its own: its folder
 * is made when it is not there (`--record runs/blink.vcd` in a fresh project), and a path that
 * still cannot be written is one line of advice naming what is in the way.
 */
import { mkdirSync, openSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';

/** Opens `path` for writing (created, or emptied), its folders made first; a UserError if it cannot be. */
export function openRecordingFile(path: string): number {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = codeOf(error);
    const blocking = code === 'ENOTDIR' || code === 'EEXIST' ? fileInTheWay(folder) : undefined;
    if (blocking !== undefined) throw new UserError(`cannot make the folder ${folder} for the recording ${path}: ${blocking} is a file, not a folder; move it or give --record another path`);
    throw new UserError(`cannot make the folder ${folder} for the recording ${path} (${code}): give --record a path in a folder you may write to`);
  }
  try {
    return openSync(path, 'w');
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EISDIR') throw new UserError(`cannot write the recording ${path}: it is a folder; give --record a file name in it, as ${path}/run.vcd`);
    throw new UserError(`cannot write the recording ${path} (${code}): give --record a path you may write to`);
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** The nearest of `folder` and the folders above it that exists, when it is not a folder. */
function fileInTheWay(folder: string): string | undefined {
  for (let path = folder; dirname(path) !== path; path = dirname(path)) {
    const found = existing(path);
    if (found) return found.isDirectory() ? undefined : path;
  }
  return undefined;
}

/** What is at `path`, or undefined when nothing can be (missing, or below a file). */
function existing(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
