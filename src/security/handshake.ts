import type { IncomingMessage } from 'node:http';
import type { Reporter } from '../report/events.js';
import type { AuthThrottle } from './auth-throttle.js';
import type { OriginPolicy } from './origin-policy.js';
import { presentedToken, type Token } from './token.js';

/** Why an upgrade is refused: an HTTP status, and a reason the client reads in the body. */
export interface Refusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

/**
 * Runs on every WebSocket upgrade request before the WebSocket exists: `undefined` lets it
 * through, a `Refusal` answers it with plain HTTP and closes the socket. No frame of a refused
 * client ever reaches a sketch.
 */
export type HandshakeHook = (request: IncomingMessage) => Refusal | undefined | Promise<Refusal | undefined>;

export interface HandshakeGuards {
  origins?: OriginPolicy;
  token?: Token;
  throttle?: AuthThrottle;
}

/** The remote address of an upgrade request, as events name it. */
export function remoteOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * The node's own checks, in order: the Origin policy (403), then the throttle (429), then the
 * token (401, held longer for an address that keeps failing). Each refusal is one `auth` event
 * naming the remote address and never the token.
 */
export function guardHandshake(node: string, guards: HandshakeGuards, reporter: Reporter): HandshakeHook {
  const { origins, token, throttle } = guards;
  return async (request): Promise<Refusal | undefined> => {
    const remote = remoteOf(request);
    const origin = request.headers.origin;
    const originRefusal = origins?.refusal(origin);
    if (originRefusal !== undefined) {
      reporter.report(node, { event: 'auth', remote, status: 403, reason: 'origin', origin: origin?.slice(0, 200) ?? '' });
      return { status: 403, reason: `${originRefusal}; a pinmesh node obeys only the web pages it was told to allow (--allow-origin)` };
    }
    if (!token) return undefined;

    const admitted = throttle?.admit(remote) ?? { kind: 'check' };
    if (admitted.kind === 'refuse') {
      if (admitted.first) {
        reporter.report(node, { event: 'auth', remote, status: 429, reason: 'throttled' });
      }
      return { status: 429, reason: 'too many failed attempts; try again later', headers: { 'Retry-After': String(admitted.retryAfter) } };
    }

    const presented = presentedToken(request);
    if (token.matches(presented)) {
      throttle?.succeeded(remote);
      return undefined;
    }
    const reason = presented === undefined ? 'missing token' : 'wrong token';
    const failure = throttle?.failed(remote);
    reporter.report(node, { event: 'auth', remote, status: 401, reason, failures: failure?.failures ?? 1, delay: failure?.delay ?? 0 });
    try {
      if (failure && failure.delay > 0) await new Promise((resolve) => setTimeout(resolve, failure.delay).unref());
    } finally {
      failure?.release();
    }
    return {
      status: 401,
      reason: `${reason}: send "Authorization: Bearer <token>" (or ?token=<token> where headers cannot be set)`,
      headers: { 'WWW-Authenticate': 'Bearer realm="pinmesh"' },
    };
  };
}
