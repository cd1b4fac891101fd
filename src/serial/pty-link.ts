/**
 * What a path is, seen as the simulator's serial port: a symlink socat makes to a pseudo-terminal.
 * `live` while the pty it points to exists (the simulator runs), `dangling` once it is gone (what a
 * socat killed before it could remove its link leaves), `other` for anything else (nothing there, a
 * file, a link to something that is no pty).
 */
import { readlink, stat } from 'node:fs/promises';

export type PtyLinkState = 'live' | 'dangling' | 'other';

/** A pseudo-terminal's path: Linux's /dev/pts/N, macOS's /dev/ttysN. */
const PTY_PATH = /^\/dev\/(pts\/|ttys)/;

export async function ptyLinkState(link: string): Promise<PtyLinkState> {
  const target = await readlink(link).catch(() => '');
  if (!PTY_PATH.test(target)) return 'other';
  return (await stat(link).then(() => true, () => false)) ? 'live' : 'dangling';
}
