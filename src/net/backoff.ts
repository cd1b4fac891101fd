import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The one reconnect policy of pinmesh: wait `minDelayMs` after the first failure, twice as long
 * after each next one, never longer than `maxDelayMs`. Peer links, remote boards and Firmata
 * boards all retry by it.
 */
export interface Backoff {
  minDelayMs: number;
  maxDelayMs: number;
}

export const defaultBackoff: Backoff = { minDelayMs: 100, maxDelayMs: 2_000 };

/** The wait after failure number `failures` (1 after the first): min, 2·min, 4·min… capped at max. */
export function backoffDelay(backoff: Backoff, failures: number): number {
  return Math.min(backoff.minDelayMs * 2 ** Math.max(0, failures - 1), backoff.maxDelayMs);
}

export interface RetryOptions {
  backoff?: Backoff;
  /** Give up, with the last attempt's error, once a failure comes this long (ms) after the first attempt. Default: never. */
  giveUpAfterMs?: number;
  /** Aborting it stops the retries: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** An error retrying cannot cure (wrong credentials, a bad address): rejected with at once. */
  isFinal?: (error: unknown) => boolean;
  /** Called after every failed attempt, before the wait (it may throw, which ends the retries with that error). */
  onFailedAttempt?: (failure: { error: unknown; attempt: number; delayMs: number }) => void;
  /** How to wait; the timers by default. */
  wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Runs `attempt` until it resolves, waiting by the backoff policy between failures. */
export async function retryWithBackoff<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { backoff = defaultBackoff, signal, wait = (ms, s) => sleep(ms, undefined, s ? { signal: s } : {}) } = options;
  const started = Date.now();
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    signal?.throwIfAborted();
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (options.isFinal?.(error)) throw error;
      const delayMs = backoffDelay(backoff, attemptNumber);
      options.onFailedAttempt?.({ error, attempt: attemptNumber, delayMs });
      if (options.giveUpAfterMs !== undefined && Date.now() - started >= options.giveUpAfterMs) throw error;
      signal?.throwIfAborted();
      await wait(delayMs, signal);
    }
  }
}
