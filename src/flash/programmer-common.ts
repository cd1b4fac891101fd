/**
 * What both programmers (STK500v1 and v2) do the same way: their settings with avrdude's defaults,
 * the retrying of the sync, and turning a reader's failures into Stk500Errors.
 */
import { Stk500Error, type ProgrammerOptions } from './programmer.js';
import { LinkClosedError, ReplyTimeoutError, type ReplyReader } from './reply-reader.js';

/** A drain gives up waiting for quiet after this long: a port that never stops talking. */
export const DRAIN_MAX_MS = 3000;

export type ProgrammerSettings = Required<Omit<ProgrammerOptions, 'beforeSyncRetry'>> &
  Pick<ProgrammerOptions, 'beforeSyncRetry'>;

/** `options` with the defaults filled in; `syncAttempts` defaults to the protocol's avrdude figure. */
export function programmerSettings(options: ProgrammerOptions, defaultSyncAttempts: number): ProgrammerSettings {
  return {
    // avrdude's serial_recv_timeout: a board (or a simulated one on a loaded machine) writing a page may take its time.
    replyTimeoutMs: options.replyTimeoutMs ?? 5000,
    syncAttempts: Math.max(1, options.syncAttempts ?? defaultSyncAttempts),
    syncTimeoutMs: options.syncTimeoutMs ?? 1000,
    drainQuietMs: options.drainQuietMs ?? 250,
    beforeSyncRetry: options.beforeSyncRetry,
  };
}

/**
 * Runs `attempt` up to settings.syncAttempts times, resetting the board (beforeSyncRetry) and
 * draining before each attempt after the first, as avrdude does. Resolves with the attempt that
 * succeeded; a closed link ends it at once; else throws the last failure, counted.
 */
export async function retrySync(
  command: string,
  settings: ProgrammerSettings,
  drain: () => Promise<void>,
  attempt: () => Promise<void>,
): Promise<number> {
  let last: Stk500Error | undefined;
  for (let count = 1; count <= settings.syncAttempts; count++) {
    if (count > 1) {
      await settings.beforeSyncRetry?.();
      await drain();
    }
    try {
      await attempt();
      return count;
    } catch (error) {
      if (!(error instanceof Stk500Error) || error.kind === 'closed') throw error;
      last = error;
    }
  }
  throw new Stk500Error(
    command,
    last?.kind ?? 'timeout',
    `no answer after ${settings.syncAttempts} attempts (${last?.message ?? 'no reply'})`,
  );
}

/** reader.read, its timeout and closed link as Stk500Errors of `command`. */
export async function readReply(reader: ReplyReader, command: string, length: number, deadline: number): Promise<Buffer> {
  try {
    return await reader.read(length, Math.max(0, deadline - performance.now()));
  } catch (error) {
    if (error instanceof ReplyTimeoutError) throw new Stk500Error(command, 'timeout', error.message);
    if (error instanceof LinkClosedError) throw new Stk500Error(command, 'closed', error.message);
    throw error;
  }
}
