import { readFile } from 'node:fs/promises';
import { UserError, errorMessage } from '../errors.js';

/** Reads a hex file for the flasher; UserError for what the person can fix (missing file, a directory, ...). */
export async function readHexFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`Hex file ${path} does not exist. Check the path given to --hex.`);
    if (code === 'EISDIR') throw new UserError(`${path} is a directory; --hex needs a .hex file.`);
    throw new UserError(`Cannot read hex file ${path}: ${errorMessage(error)}`);
  }
}
