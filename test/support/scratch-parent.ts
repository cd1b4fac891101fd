/**
 * Where `npm test` makes its run's scratch folder (test/run-tests.ts): on Linux, in memory (the
 * tmpfs at /dev/shm) when it is there with room and lets programs run from it; else the system's
 * temporary folder, as before. A TMPDIR the person set is always used as set.
 *
 * Why: the run writes and removes tens of thousands of files (npm installs of the packed tarball,
 * of jest and vitest, chromium's profiles, sketches, recordings). On this project's machine (ext4
 * mounted with `discard`), the kernel's block-layer worker spent 13.8 s of CPU on them in one whole
 * run on Node 20 (kblockd, read from /proc), about 5 % of the run's CPU; with the scratch folder in
 * memory, none. A whole run held at most 230 MB there at once (df of /dev/shm every 0.5 s,
 * chromium's own shared memory included).
 */
import { accessSync, constants, readFileSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const RAM_FOLDER = '/dev/shm';
/** Room asked of the tmpfs before using it: about nine times that peak (a container's /dev/shm is often 64 MB). */
export const ROOM_BYTES = 2 * 1024 ** 3;

/** What the choice reads of the machine (tests give their own). */
export interface Machine {
  platform: NodeJS.Platform;
  /** /proc/mounts. */
  mounts(): string;
  /** Bytes free to this user under `path`. */
  freeBytes(path: string): number;
  /** Whether this user may write and enter `path`. */
  writable(path: string): boolean;
  /** The system's temporary folder. */
  tmpdir(): string;
}

const thisMachine: Machine = {
  platform: process.platform,
  mounts: () => readFileSync('/proc/mounts', 'utf8'),
  freeBytes: (path) => {
    const { bavail, bsize } = statfsSync(path);
    return bavail * bsize;
  },
  writable: (path) => {
    try {
      accessSync(path, constants.W_OK | constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  tmpdir,
};

export function scratchParent(env: NodeJS.ProcessEnv = process.env, machine: Machine = thisMachine): string {
  if (env.TMPDIR) return env.TMPDIR;
  if (machine.platform !== 'linux') return machine.tmpdir();
  return ramFolderWithRoom(machine) ?? machine.tmpdir();
}

/** /dev/shm when it is a tmpfs mounted without noexec, writable, with ROOM_BYTES free; else undefined. */
function ramFolderWithRoom(machine: Machine): string | undefined {
  try {
    const mount = machine
      .mounts()
      .split('\n')
      .map((line) => line.split(' '))
      .find((fields) => fields[1] === RAM_FOLDER);
    if (!mount || mount[2] !== 'tmpfs' || (mount[3] ?? '').split(',').includes('noexec')) return undefined;
    return machine.writable(RAM_FOLDER) && machine.freeBytes(RAM_FOLDER) >= ROOM_BYTES ? RAM_FOLDER : undefined;
  } catch {
    return undefined;
  }
}
