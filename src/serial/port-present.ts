import { stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * How long a serial port may be gone after it was closed: a board whose USB enumerates again, or
 * the simulated board, whose next pseudo-terminal is being made when its last client left.
 */
export const PORT_RETURN_MS = 5_000;

/** Resolves once `path` exists, or after `withinMs` (the open that follows then says what is wrong). */
export async function portPresent(path: string, withinMs = PORT_RETURN_MS): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await isThere(path)) && Date.now() < until) await delay(20);
}

/** Whether `path` is there now. A Windows COM port is no file to look at: true, and opening it says. */
export async function portExists(path: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  return platform === 'win32' || (await isThere(path));
}

const isThere = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);
