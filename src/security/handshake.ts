import type { IncomingMessage } from 'node:http';
import type { Reporter } from '../report/events.js';
import type { FailureThrottle } from './failure-throttle.js';
import type { OriginPolicy } from './origin-policy.js';
import { presentedToken, type Token } from './token.js';
import type { Refusal } from './refusal.js';
import { TokenGuard } from './token-guard.js';

export type { Refusal } from './refusal.js';

/**
 * Runs on every WebSocket upgrade request before the WebSocket exists: `undefined` lets it
 * through, a `Refusal` answers it with plain HTTP and closes the socket. No frame of a refused
 * client ever reaches a sketch.
 */
export type HandshakeHook = (request: IncomingMessage) => Refusal | undefined | Promise<Refusal | undefined>;

export interface HandshakeGuards {
  origins?: OriginPolicy;
  token?: Token;
  throttle?: FailureThrottle;
}

/** The remote address of an upgrade request, as events name it. */
export function remoteOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * The node's own checks, in order: the Origin policy (403), then the token (token-guard.ts: 401,
 * held longer for an address that keeps failing, 429 past the held answers). Each refusal is one
 * `auth` event naming the remote address and never the token.
 */
export function guardHandshake(node: string, guards: HandshakeGuards, reporter: Reporter): HandshakeHook {
  const { origins, token, throttle } = guards;
  const tokenGuard = token
    ? new TokenGuard(token, { node, reporter, ...(throttle ? { throttle } : {}), advice: 'send "Authorization: Bearer <token>" (or ?token=<token> where headers cannot be set)' })
    : undefined;
  return async (request): Promise<Refusal | undefined> => {
    const remote = remoteOf(request);
    const origin = request.headers.origin;
    const originRefusal = origins?.refusal(origin);
    if (originRefusal !== undefined) {
      reporter.report(node, { event: 'auth', remote, status: 403, reason: 'origin', origin: origin?.slice(0, 200) ?? '' });
      return { status: 403, reason: `${originRefusal}; a pinmesh node obeys only the web pages it was told to allow (--allow-origin)` };
    }
    return tokenGuard?.check(presentedToken(request), remote);
  };
}
