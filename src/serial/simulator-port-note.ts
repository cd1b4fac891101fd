/**
 * How a program knows a serial port is pinmesh's own simulator (`pinmesh sim --serial`), and how it
 * was started: the simulator leaves a note for the port it makes, in the user's runtime directory
 * (`$XDG_RUNTIME_DIR/pinmesh-sim/PID.json`, else in the temp directory), and removes it when it stops.
 * A note is believed only when it is the user's own file, its process still runs, and it names the
 * port asked about: a real board's port never has one, so nothing about it is guessed. A simulator
 * killed (kill -9 runs no handler) cannot remove its note: whoever reads the notes next does.
 */
import { lstat, mkdir, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface SimulatorPortNote {
  /** The port's path (the link to the pseudo-terminal), absolute. */
  link: string;
  /** The `pinmesh sim` process. */
  pid: number;
  /** Which board it simulates: "uno" or "mega". */
  board: string;
  /** Whether a bootloader is in it (`--bootloader`): only then can it be flashed. */
  bootloader: boolean;
}

/** At most this many notes are read: one per running `pinmesh sim --serial`. */
const MAX_NOTES = 64;

export function simulatorNotesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_RUNTIME_DIR || tmpdir(), 'pinmesh-sim');
}

/** Leaves the note for this process's port; resolves with what removes it. */
export async function leaveSimulatorPortNote(note: Omit<SimulatorPortNote, 'pid'>, env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  const dir = simulatorNotesDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${process.pid}.json`);
  await writeFile(path, `${JSON.stringify({ ...note, link: resolve(note.link), pid: process.pid } satisfies SimulatorPortNote)}\n`, { mode: 0o600 });
  return () => rm(path, { force: true });
}

/**
 * The notes of every `pinmesh sim --serial` of this user running now. A note whose process is gone
 * (the simulator was killed) is removed on the way.
 */
export async function simulatorPortNotes(env: NodeJS.ProcessEnv = process.env): Promise<SimulatorPortNote[]> {
  const dir = simulatorNotesDir(env);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^\d+\.json$/.test(name)).slice(0, MAX_NOTES);
  const notes: SimulatorPortNote[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const pid = Number(name.slice(0, -'.json'.length));
    const state = processState(pid);
    if (state === 'gone') await removeLeftNote(file, pid);
    if (state !== 'running') continue;
    const note = await readNote(file);
    if (note?.pid === pid) notes.push(note);
  }
  return notes;
}

/** The simulator's note for the port at `path` (its link, or the pseudo-terminal it points to), if pinmesh sim made it. */
export async function simulatorPortNote(path: string, env: NodeJS.ProcessEnv = process.env): Promise<SimulatorPortNote | undefined> {
  const asked = resolve(path);
  const askedDevice = await realpath(asked).catch(() => undefined);
  for (const note of await simulatorPortNotes(env)) {
    if (note.link === asked) return note;
    if (askedDevice !== undefined && (await realpath(note.link).catch(() => undefined)) === askedDevice) return note;
  }
  return undefined;
}

async function readNote(file: string): Promise<SimulatorPortNote | undefined> {
  const info = await stat(file).catch(() => undefined);
  // Someone else's note (the temp directory is shared) is not believed.
  if (!info?.isFile() || info.size > 4_096 || (process.getuid && info.uid !== process.getuid())) return undefined;
  try {
    const note = JSON.parse(await readFile(file, 'utf8')) as Partial<SimulatorPortNote>;
    const ok = typeof note.link === 'string' && Number.isInteger(note.pid) && typeof note.board === 'string' && typeof note.bootloader === 'boolean';
    return ok ? (note as SimulatorPortNote) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether process `pid` runs: 'gone' only when the system says there is no such process (ESRCH);
 * another user's process (EPERM) runs; a pid no process can have (0, the process group; past 2^31) is 'unknown'.
 */
function processState(pid: number): 'running' | 'gone' | 'unknown' {
  if (!Number.isSafeInteger(pid) || pid < 1) return 'unknown';
  try {
    process.kill(pid, 0);
    return 'running';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH' ? 'gone' : code === 'EPERM' ? 'running' : 'unknown';
  }
}

/**
 * Removes the note a simulator that is gone left behind: only the user's own file (never another
 * user's in a shared temp directory, nor a link), and only if its process is still gone now, just
 * before removing (a new process given the same pid meanwhile keeps its note). A note that cannot be
 * removed is left: it is not believed all the same.
 */
async function removeLeftNote(file: string, pid: number): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isFile() || (process.getuid && info.uid !== process.getuid())) return;
  if (processState(pid) !== 'gone') return;
  await rm(file, { force: true }).catch(() => undefined);
}
