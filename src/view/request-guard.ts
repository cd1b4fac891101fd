import type { IncomingMessage } from 'node:http';
import type { Refusal } from '../security/handshake.js';

/**
 * Who may use the view's feed and controls: only the page the view served itself. The same rule
 * as the nodes' Origin policy, with the view's own origin as the only one allowed, plus the
 * checks a web server on 127.0.0.1 needs against pages elsewhere:
 *
 * - `Host` must name this server (127.0.0.1, localhost or [::1] with its port): a page on a
 *   domain rebound to 127.0.0.1 (DNS rebinding) sends its own name and is refused;
 * - `Origin`, when sent (browsers send it on every POST and every cross-origin request), must be
 *   the view's own;
 * - `Sec-Fetch-Site`, when sent (every current browser), must say `same-origin` (or `none`: typed
 *   in the address bar): a cross-site `<img>`, `<form>` or no-cors `fetch` is refused even where
 *   a browser sends no Origin;
 * - a control is a JSON body (`Content-Type: application/json`), which no plain HTML form can send
 *   and which makes any other page's `fetch` ask first (a CORS preflight the view never grants).
 *
 * Programs that send none of these headers (curl, the tests' clients) pass, as they do on a node:
 * they are no web page. The token, when the mesh has one, is checked after this (view-access.ts).
 */
export class RequestGuard {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  constructor(port: number) {
    const names = ['127.0.0.1', 'localhost', '[::1]'];
    this.hosts = new Set(names.map((name) => `${name}:${port}`));
    this.origins = new Set(names.map((name) => `http://${name}:${port}`));
  }

  /** The origin the page is served from, as printed. */
  static pageOrigin(port: number): string {
    return `http://127.0.0.1:${port}`;
  }

  /** Any request, a static file included: only the Host is checked (a rebound name gets nothing). */
  hostRefusal(request: IncomingMessage): Refusal | undefined {
    const host = (request.headers.host ?? '').toLowerCase();
    if (this.hosts.has(host)) return undefined;
    return { status: 403, reason: `this pinmesh view answers only to ${[...this.hosts][0]}, not to Host ${JSON.stringify(host.slice(0, 100))}` };
  }

  /** The feed, the session and the controls: the view's own page, or a program that is no page. */
  pageRefusal(request: IncomingMessage): Refusal | undefined {
    const hostRefusal = this.hostRefusal(request);
    if (hostRefusal) return hostRefusal;
    const origin = request.headers.origin;
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) {
      return { status: 403, reason: `origin ${JSON.stringify(origin.slice(0, 200))} is not allowed: only the page this view serves may use it` };
    }
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return { status: 403, reason: `a ${site} request is not allowed: only the page this view serves may use it` };
    }
    return undefined;
  }

  /** A state-changing request also needs a JSON body. */
  postRefusal(request: IncomingMessage): Refusal | undefined {
    const refusal = this.pageRefusal(request);
    if (refusal) return refusal;
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return { status: 415, reason: 'send the request as JSON (Content-Type: application/json)' };
    return undefined;
  }
}
