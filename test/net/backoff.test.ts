import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, defaultBackoff, retryWithBackoff, type Backoff } from '../../src/net/backoff.js';

const policy: Backoff = { minDelayMs: 100, maxDelayMs: 2_000 };

/** Records the waits asked for instead of waiting. */
function recordedWaits(): { waits: number[]; wait: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, wait: async (ms) => void waits.push(ms) };
}

/** An attempt that fails `failures` times, then returns `value`. */
function failingTimes<T>(failures: number, value: T): { attempts: number[]; attempt: (n: number) => Promise<T> } {
  const attempts: number[] = [];
  return {
    attempts,
    attempt: async (n) => {
      attempts.push(n);
      if (attempts.length <= failures) throw new Error(`ECONNREFUSED #${n}`);
      return value;
    },
  };
}

describe('the backoff policy: the wait doubles after each failure, up to a cap', () => {
  it('waits the minimum after the first failure, then twice as long each time', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n)), [100, 200, 400, 800, 1_600]);
  });

  it('never waits longer than the maximum, however many failures', () => {
    assert.equal(backoffDelay(policy, 6), 2_000);
    assert.equal(backoffDelay(policy, 1_000), 2_000);
  });

  it('is 100 ms doubling up to 2 s unless a board or link says otherwise', () => {
    assert.deepEqual(defaultBackoff, { minDelayMs: 100, maxDelayMs: 2_000 });
  });
});

describe('retrying by the backoff policy', () => {
  it('retries a failing attempt, waiting by the policy between failures, until it succeeds', async () => {
    const { waits, wait } = recordedWaits();
    const { attempts, attempt } = failingTimes(7, 'open');
    assert.equal(await retryWithBackoff(attempt, { backoff: policy, wait }), 'open');
    assert.deepEqual(attempts, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(waits, [100, 200, 400, 800, 1_600, 2_000, 2_000]);
  });

  it('tells each failure, its attempt number and the wait that follows', async () => {
    const { wait } = recordedWaits();
    const told: Array<{ error: string; attempt: number; delayMs: number }> = [];
    await retryWithBackoff(failingTimes(2, 'open').attempt, {
      backoff: policy,
      wait,
      onFailedAttempt: ({ error, attempt, delayMs }) => told.push({ error: (error as Error).message, attempt, delayMs }),
    });
    assert.deepEqual(told, [
      { error: 'ECONNREFUSED #1', attempt: 1, delayMs: 100 },
      { error: 'ECONNREFUSED #2', attempt: 2, delayMs: 200 },
    ]);
  });

  it('rejects at once with an error retrying cannot cure', async () => {
    const { waits, wait } = recordedWaits();
    const wrongToken = new Error('HTTP 401');
    let attempts = 0;
    const failing = async () => {
      attempts += 1;
      throw wrongToken;
    };
    await assert.rejects(retryWithBackoff(failing, { wait, isFinal: (error) => error === wrongToken }), wrongToken);
    assert.equal(attempts, 1);
    assert.deepEqual(waits, []);
  });

  it('gives up with the last error once it has tried for giveUpAfterMs', async () => {
    const { wait } = recordedWaits();
    const { attempts, attempt } = failingTimes(Infinity, 'never');
    await assert.rejects(retryWithBackoff(attempt, { wait, giveUpAfterMs: 0 }), /ECONNREFUSED #1/);
    assert.deepEqual(attempts, [1]);
  });

  it('stops when its signal is aborted, with the signal\'s reason', async () => {
    const stop = new AbortController();
    const { attempts, attempt } = failingTimes(Infinity, 'never');
    const wait = async () => stop.abort(new Error('closed'));
    await assert.rejects(retryWithBackoff(attempt, { wait, signal: stop.signal }), /closed/);
    assert.deepEqual(attempts, [1]);
  });

  it('an onFailedAttempt that throws ends the retries with its error', async () => {
    const { wait } = recordedWaits();
    const { attempts, attempt } = failingTimes(Infinity, 'never');
    await assert.rejects(
      retryWithBackoff(attempt, {
        wait,
        onFailedAttempt: ({ attempt: n }) => {
          if (n === 3) throw new Error('link closed');
        },
      }),
      /link closed/,
    );
    assert.deepEqual(attempts, [1, 2, 3]);
  });
});
