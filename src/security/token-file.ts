import { randomBytes } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';

/** Bytes of a fresh token: 256 bits, twice the least a token must carry (token-strength.ts). */
const freshTokenBytes = 32;

/**
 * One line to warn with when a token file can be read by others than its owner (mode & 077), as
 * ssh does with a private key; undefined when only the owner can (or on Windows, which has no
 * such bits). It is a warning, not a refusal: the file is read by the person who chose its mode.
 */
export async function tokenFileWarning(path: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  const who = mode & 0o007 ? 'every user of this machine' : 'the file’s group';
  return `token file ${path} can be read by ${who} (mode ${mode.toString(8).padStart(4, '0')}): anyone who reads it can drive your pins; run chmod 600 ${path}`;
}

/**
 * Writes a fresh random token to `path`, readable by its owner only (0600), never over an existing
 * file (the mesh's nodes may be using it). The token itself is never returned or printed.
 */
export async function writeFreshToken(path: string): Promise<void> {
  const token = randomBytes(freshTokenBytes).toString('base64url');
  try {
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`${path} exists already: pinmesh token never overwrites a token your nodes may be using; remove it first, or pick another file`);
    if (code === 'ENOENT') throw new UserError(`cannot write ${path}: its folder does not exist`);
    throw new UserError(`cannot write ${path}: ${code ?? String(error)}`);
  }
}

/** Bits of a token `writeFreshToken` writes. */
export const freshTokenBits = freshTokenBytes * 8;
