import { stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { PortNotFoundError } from './serial-errors.js';

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

/**
 * `open` (an open of the serial port `path`, and what follows it) once the port is back, as
 * portPresent waits for it; an open that finds it gone again is tried again, within `withinMs`. The
 * simulated board's port is seen there in the instant before its ended session's socat removes it,
 * and the open a moment later found nothing: `pinmesh flash` failed its probe that way under load.
 */
export async function openWhenPresent<T>(path: string, open: () => Promise<T>, withinMs = PORT_RETURN_MS): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    await portPresent(path, Math.max(0, until - Date.now()));
    try {
      return await open();
    } catch (error) {
      if (!(error instanceof PortNotFoundError) || Date.now() >= until) throw error;
      await delay(20);
    }
  }
}

/** Whether `path` is there now. A Windows COM port is no file to look at: true, and opening it says. */
export async function portExists(path: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  return platform === 'win32' || (await isThere(path));
}

const isThere = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);
