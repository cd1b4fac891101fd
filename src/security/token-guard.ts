import type { Reporter } from '../report/events.js';
import { FailureThrottle, type FailureThrottleOptions } from './failure-throttle.js';
import type { Refusal } from './refusal.js';
import type { Token } from './token.js';

/** What a request presented, once judged: the right credential, none, or a wrong one. */
export type Presented = 'right' | 'missing token' | 'wrong token';

export interface TokenGuardOptions {
  /** The node's name in `auth` events ("view" for the live view). */
  node: string;
  reporter: Reporter;
  throttle?: FailureThrottle | FailureThrottleOptions;
  /** What a refused client is told to do, after "wrong token: ". */
  advice: string;
}

/**
 * The one place a token is judged, for every door that checks one: a node's WebSocket upgrade,
 * the board node's, the live view's sign-in, feed and controls. The token is checked first; only
 * a wrong one meets the throttle (failure-throttle.ts), so a right token is never slowed by anyone
 * else's guesses, and a request with no token at all, which guesses nothing, is answered at once.
 * Each failure is one `auth` event (401; a wrong token's with the failures so far and the hold),
 * each run of refusals one more (429); never the token.
 */
export class TokenGuard {
  readonly throttle: FailureThrottle;

  constructor(
    readonly token: Token,
    private readonly options: TokenGuardOptions,
  ) {
    const { throttle } = options;
    this.throttle = throttle instanceof FailureThrottle ? throttle : new FailureThrottle(throttle);
  }

  /** The presented text (undefined: none) against the token. */
  judge(presented: string | undefined): Presented {
    if (presented === undefined) return 'missing token';
    return this.token.matches(presented) ? 'right' : 'wrong token';
  }

  /** Checks `presented` from `remote`: undefined lets it in, else the refusal, answered after its hold. */
  async check(presented: string | undefined, remote: string): Promise<Refusal | undefined> {
    return this.settle(this.judge(presented), remote);
  }

  /** A credential already judged (a one-time key, say): the throttle and the events for it. */
  async settle(outcome: Presented, remote: string, reason?: string): Promise<Refusal | undefined> {
    const { node, reporter } = this.options;
    if (outcome === 'right') {
      this.throttle.succeeded(remote);
      return undefined;
    }
    const refused = { status: 401 as const, reason: reason ?? `${outcome}: ${this.options.advice}`, headers: { 'WWW-Authenticate': 'Bearer realm="pinmesh"' } };
    if (outcome === 'missing token') {
      // No guess, nothing to slow: answered at once, and no count against the address (a client
      // retrying without a token, its token file not given yet, would hold up its own address's
      // answers, and a guesser's held ones are not cut short by it).
      reporter.report(node, { event: 'auth', remote, status: 401, reason: outcome });
      return refused;
    }
    const verdict = this.throttle.failed(remote);
    if (verdict.kind === 'refuse') {
      if (verdict.first) reporter.report(node, { event: 'auth', remote, status: 429, reason: 'throttled', failures: verdict.failures });
      return { status: 429, reason: `${outcome}; too many failed attempts: try again later`, headers: { 'Retry-After': String(verdict.retryAfter) } };
    }
    reporter.report(node, { event: 'auth', remote, status: 401, reason: outcome, failures: verdict.failures, delay: verdict.delay });
    try {
      if (verdict.delay > 0) await new Promise((resolve) => setTimeout(resolve, verdict.delay).unref());
    } finally {
      verdict.release();
    }
    return refused;
  }
}
