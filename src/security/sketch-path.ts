import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

/**
 * The path of a sketch file a circuit file names, which must lie in the circuit file's folder or
 * below it: a circuit file is data someone may hand over, and importing a sketch runs its code, so
 * it can name only the code that came with it, not `../../x.mjs` or `/tmp/x.mjs` elsewhere on the
 * machine. Checked on the real paths too, so a symbolic link cannot lead out. A missing file is
 * left to the sketch loader to report.
 */
export async function sketchPathInCircuitFolder(circuitFile: string, sketch: string, node: string): Promise<string> {
  const folder = resolve(dirname(circuitFile));
  const path = isAbsolute(sketch) ? resolve(sketch) : resolve(folder, sketch);
  const refuse = () =>
    new UserError(
      `node "${node}" runs sketch ${JSON.stringify(sketch)}, which is outside the circuit file's folder ${folder}: a circuit file may run only sketch files in its own folder or below it; move the sketch there, or run it with pinmesh run FILE`,
    );
  if (!inside(folder, path)) throw refuse();
  const [realFolder, realPath] = await Promise.all([realpath(folder).catch(() => folder), realpath(path).catch(() => undefined)]);
  if (realPath !== undefined && !inside(realFolder, realPath)) throw refuse();
  return path;
}

function inside(folder: string, path: string): boolean {
  const rest = relative(folder, path);
  return rest !== '' && !rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest);
}
