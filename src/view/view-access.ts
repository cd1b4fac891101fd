import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Reporter } from '../report/events.js';
import { remoteOf, type Refusal } from '../security/handshake.js';
import { TokenGuard, type Presented } from '../security/token-guard.js';
import { presentedToken, type Token } from '../security/token.js';

export type SignInResult = { ok: true; cookie: string; controlKey: string } | { ok: false; refusal: Refusal };

/** The header the page sends its session's control key in (view-access.ts). */
export const controlKeyHeader = 'x-pinmesh-control';

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
 * - the cookie reaches every server on 127.0.0.1, whatever its port (browsers share cookies
 *   between the ports of a host): so it only reads the feed. Controls and "signed in" also need the
 *   session's control key, which sign-in returns in its body and the page keeps in its own
 *   localStorage, which no page of another port can read, and sends as `X-Pinmesh-Control`. A
 *   process on another port that a signed-in browser visits learns the cookie, not the key.
 *
 * Every credential but a live session cookie goes through the nodes' TokenGuard: the same
 * throttle (a right token never slowed) and the same `auth` events, on `/session`, `/feed` and
 * `/control` alike. Only SHA-256 digests of keys and session ids are kept. Sessions live in
 * memory, at most `maxSessions`, oldest dropped.
 */
export class ViewAccess {
  readonly cookieName: string;
  /** Bound: one per sign-in link printed (once at start); each deleted when used. Sessions: at most `maxSessions`. */
  private readonly keys = new Set<string>();
  /** digest(session id) → digest(its control key). */
  private readonly sessions = new Map<string, string>();
  private readonly guard: TokenGuard | undefined;

  constructor(
    private readonly token: Token | undefined,
    port: number,
    reporter: Reporter,
    private readonly maxSessions = 64,
  ) {
    this.cookieName = `pinmesh_view_${port}`;
    this.guard = token
      ? new TokenGuard(token, {
          node: 'view',
          reporter,
          advice: 'sign in first: open the one-time link pinmesh printed, or paste the mesh token on the page',
        })
      : undefined;
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

  /** A live session cookie (enough to read the feed) and, for `withKey`, its control key too. */
  private hasSession(request: IncomingMessage, withKey: boolean): boolean {
    const session = cookieValue(request.headers.cookie, this.cookieName);
    const key = session !== undefined ? this.sessions.get(digest(session)) : undefined;
    if (key === undefined) return false;
    if (!withKey) return true;
    const presented = request.headers[controlKeyHeader];
    return typeof presented === 'string' && digest(presented) === key;
  }

  /**
   * May the request read the feed (`control` false) or use the controls? Undefined when it may;
   * else the refusal (401 held as the throttle says, or 429), answered through the guard.
   */
  async refusal(request: IncomingMessage, control: boolean): Promise<Refusal | undefined> {
    if (!this.guard || this.hasSession(request, control)) return undefined;
    return this.guard.check(presentedBearer(request), remoteOf(request));
  }

  /**
   * `GET /session`: signed in or not. A request that presents a bearer token has it checked, as
   * on any other door (a wrong one is a 401 through the guard, not a quiet `signedIn: false`).
   */
  async status(request: IncomingMessage): Promise<{ signedIn: boolean } | Refusal> {
    if (!this.guard) return { signedIn: false };
    if (this.hasSession(request, true)) return { signedIn: true };
    const presented = presentedBearer(request);
    if (presented === undefined) return { signedIn: false };
    const refusal = await this.guard.check(presented, remoteOf(request));
    return refusal ?? { signedIn: true };
  }

  /** A one-time key or the token, exchanged for a session cookie. */
  async signIn(presented: { key?: unknown; token?: unknown }, request: IncomingMessage): Promise<SignInResult> {
    if (!this.guard) return { ok: false, refusal: { status: 400, reason: 'this view needs no sign-in' } };
    const key = typeof presented.key === 'string' ? digest(presented.key) : undefined;
    let outcome: Presented;
    if (key !== undefined && this.keys.delete(key)) outcome = 'right';
    else if (key !== undefined) outcome = 'wrong token';
    else outcome = this.guard.judge(typeof presented.token === 'string' ? presented.token : undefined);
    const reason = key !== undefined ? 'this sign-in link was already used or is not this view’s: paste the mesh token instead' : undefined;
    const refusal = await this.guard.settle(outcome, remoteOf(request), reason);
    return refusal ? { ok: false, refusal } : { ok: true, ...this.newSession() };
  }

  private newSession(): { cookie: string; controlKey: string } {
    const id = randomBytes(32).toString('base64url');
    const controlKey = randomBytes(32).toString('base64url');
    this.sessions.set(digest(id), digest(controlKey));
    for (const oldest of this.sessions.keys()) {
      if (this.sessions.size <= this.maxSessions) break;
      this.sessions.delete(oldest);
    }
    return { cookie: `${this.cookieName}=${id}; HttpOnly; SameSite=Strict; Path=/`, controlKey };
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** The bearer token of the `Authorization` header; undefined without one (the view takes no `?token=`). */
function presentedBearer(request: IncomingMessage): string | undefined {
  return request.headers.authorization === undefined ? undefined : presentedToken(request);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
