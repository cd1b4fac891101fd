import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AuthThrottle } from '../security/auth-throttle.js';
import { presentedToken, type Token } from '../security/token.js';

export type SignInResult = { ok: true; cookie: string } | { ok: false; status: 401 | 429; reason: string; delay: number; release: () => void; failures: number };

/**
 * Who may read the feed and use the controls when the mesh has a token (on loopback with no
 * token, as for the nodes, anyone local may). Jupyter's way:
 *
 * - at start the view makes a random one-time key; the printed sign-in link carries it in the
 *   URL's fragment (`#key=…`), which browsers never send to any server nor put in a Referer;
 * - the page posts it to `POST /session` once; the view answers with a session cookie
 *   (HttpOnly: the page's scripts never see it; SameSite=Strict: no other site's request carries
 *   it; named after the port, as cookies are shared between the ports of one host) and forgets
 *   the key: a copied link is worth nothing once used;
 * - a person without the link pastes the mesh token instead (same endpoint);
 * - programs may send `Authorization: Bearer <token>` on each request, as to a node.
 *
 * Only SHA-256 digests of keys and session ids are kept; wrong attempts are slowed down per
 * address (the nodes' throttle). Sessions live in memory, at most `maxSessions`, oldest dropped.
 */
export class ViewAccess {
  readonly cookieName: string;
  /** Bound: one per sign-in link printed (once at start); each deleted when used. Sessions: at most `maxSessions`. */
  private readonly keys = new Set<string>();
  private readonly sessions = new Set<string>();
  private readonly throttle = new AuthThrottle();

  constructor(
    private readonly token: Token | undefined,
    port: number,
    private readonly maxSessions = 64,
  ) {
    this.cookieName = `pinmesh_view_${port}`;
  }

  /** True when the mesh has a token, so the page must sign in. */
  get required(): boolean {
    return this.token !== undefined;
  }

  /** A fresh one-time key for a sign-in link. */
  issueKey(): string {
    const key = randomBytes(24).toString('base64url');
    this.keys.add(digest(key));
    return key;
  }

  /** The request may read the feed and use the controls. */
  allows(request: IncomingMessage): boolean {
    if (!this.token) return true;
    const session = cookieValue(request.headers.cookie, this.cookieName);
    if (session !== undefined && this.sessions.has(digest(session))) return true;
    return request.headers.authorization !== undefined && this.token.matches(presentedToken(request));
  }

  signedIn(request: IncomingMessage): boolean {
    return this.token !== undefined && this.allows(request);
  }

  /** A one-time key or the token, exchanged for a session cookie. */
  signIn(presented: { key?: unknown; token?: unknown }, remote: string): SignInResult {
    const admitted = this.throttle.admit(remote);
    if (admitted.kind === 'refuse') return { ok: false, status: 429, reason: 'too many failed attempts; try again later', delay: 0, release: () => {}, failures: 0 };
    const key = typeof presented.key === 'string' ? digest(presented.key) : undefined;
    const viaKey = key !== undefined && this.keys.delete(key);
    const viaToken = !viaKey && typeof presented.token === 'string' && this.token !== undefined && this.token.matches(presented.token);
    if (viaKey || viaToken) {
      this.throttle.succeeded(remote);
      return { ok: true, cookie: this.newSession() };
    }
    const failure = this.throttle.failed(remote);
    const reason = key !== undefined ? 'this sign-in link was already used or is not this view’s: paste the mesh token instead' : 'wrong token';
    return { ok: false, status: 401, reason, delay: failure.delay, release: failure.release, failures: failure.failures };
  }

  private newSession(): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.add(digest(id));
    for (const oldest of this.sessions) {
      if (this.sessions.size <= this.maxSessions) break;
      this.sessions.delete(oldest);
    }
    return `${this.cookieName}=${id}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
