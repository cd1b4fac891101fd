import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from '../net/node-http.js';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors.js';
import type { Reporter } from '../report/events.js';
import { cutUnfinishedRequests } from '../net/unfinished-requests.js';
import { remoteOf, type Refusal } from '../security/handshake.js';
import type { Token } from '../security/token.js';
import { RequestGuard } from './request-guard.js';
import type { SessionStatus } from './shared/feed-protocol.js';
import type { ViewLayout } from './shared/view-state.js';
import { loadAssets, type Asset } from './static-assets.js';
import { ViewAccess } from './view-access.js';
import { ViewControls } from './view-controls.js';
import { ViewFeed, type ViewFeedLimits } from './view-feed.js';

export interface ViewServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  layout: ViewLayout;
  /** The mesh's token: when set, the page must sign in (view-access.ts). */
  token?: Token;
  /** Where refusals are reported (`auth` events of node "view"). */
  reporter: Reporter;
  feedLimits?: Partial<ViewFeedLimits>;
}

/** What every answer carries: nothing but this server's own files may run or load in the page. */
const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const maxBody = 4096;

/**
 * The live view's HTTP server, on 127.0.0.1 only: the page and its assets, the feed (`GET /feed`,
 * server-sent events), the sign-in (`GET`/`POST /session`) and the controls (`POST /control`).
 */
export class ViewServer {
  readonly feed: ViewFeed;
  readonly controls: ViewControls;
  readonly access: ViewAccess;
  readonly guard: RequestGuard;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly assets: Map<string, Asset>,
    private readonly options: ViewServerOptions,
  ) {
    this.feed = new ViewFeed(options.layout, options.feedLimits);
    this.controls = new ViewControls((state) => this.feed.setControls(state));
    this.access = new ViewAccess(options.token, port, options.reporter);
    this.guard = new RequestGuard(port);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.refuse(response, { status: 500, reason: 'internal error' });
        else response.destroy(error as Error);
      });
    });
  }

  static async start(options: ViewServerOptions): Promise<ViewServer> {
    const assets = await loadAssets();
    const server = createServer();
    cutUnfinishedRequests(server, false); // as the nodes do: a request not whole in 10 s is cut
    server.requestTimeout = 15_000;
    server.maxHeadersCount = 64;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new UserError(`cannot serve the live view on 127.0.0.1:${options.port}: the port is in use; pick another with --view-port`) : error),
      );
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
    return new ViewServer(server, (server.address() as AddressInfo).port, assets, options);
  }

  /** The page's address, with no secret in it. */
  get url(): string {
    return `${RequestGuard.pageOrigin(this.port)}/`;
  }

  /** A link that signs the browser in once (a fresh one-time key in the fragment); none when no token is needed. */
  signInLink(): string | undefined {
    return this.access.required ? `${this.url}#key=${this.access.issueKey()}` : undefined;
  }

  async close(): Promise<void> {
    this.feed.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0]!;
    const hostRefusal = this.guard.hostRefusal(request);
    if (hostRefusal) {
      const host = String(request.headers.host ?? '').slice(0, 200);
      this.options.reporter.report('view', { event: 'auth', remote: remoteOf(request), status: 403, reason: 'host', host, advice: `a page reached this view by another name: open it at ${this.url}` });
      return this.refuse(response, hostRefusal);
    }
    const method = request.method ?? 'GET';

    if (path === '/feed' || path === '/session' || path === '/control') {
      const refusal = method === 'POST' ? this.guard.postRefusal(request) : this.guard.pageRefusal(request);
      if (refusal) return this.refuse(response, refusal, request);
    }
    if (path === '/session' && method === 'GET') {
      const status = await this.access.status(request);
      if ('status' in status) return this.refuse(response, status);
      return this.json(response, 200, { required: this.access.required, signedIn: status.signedIn } satisfies SessionStatus);
    }
    if (path === '/session' && method === 'POST') return this.signIn(request, response);
    if (path === '/feed' || path === '/control') {
      const refusal = await this.access.refusal(request, path === '/control');
      if (refusal) return this.refuse(response, refusal);
    }
    if (path === '/feed' && method === 'GET') {
      if (!this.feed.attach(response)) this.refuse(response, { status: 503, reason: 'too many pages are open on this view; close one' });
      return;
    }
    if (path === '/control' && method === 'POST') {
      const body = await readJson(request);
      if (!body.ok) return this.refuse(response, { status: body.status, reason: body.reason });
      const { status, ...reply } = await this.controls.run(body.value);
      return this.json(response, status, reply);
    }
    if (path === '/feed' || path === '/session' || path === '/control') return this.refuse(response, { status: 405, reason: `${method} is not allowed here` });

    const asset = method === 'GET' || method === 'HEAD' ? this.assets.get(path) : undefined;
    if (!asset) return this.refuse(response, { status: 404, reason: 'not found' });
    response.writeHead(200, { ...securityHeaders, 'Content-Type': asset.type, 'Content-Length': asset.body.length, 'Cache-Control': 'no-cache' });
    response.end(method === 'HEAD' ? undefined : asset.body);
  }

  private async signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    if (!body.ok) return this.refuse(response, { status: body.status, reason: body.reason });
    const presented = (typeof body.value === 'object' && body.value !== null ? body.value : {}) as { key?: unknown; token?: unknown };
    const result = await this.access.signIn(presented, request);
    if (!result.ok) return this.refuse(response, result.refusal);
    response.setHeader('Set-Cookie', result.cookie);
    return this.json(response, 200, { required: this.access.required, signedIn: true, controlKey: result.controlKey } satisfies SessionStatus);
  }

  /** Plain-text refusal; a 403 of the Origin rules is reported as an `auth` event (never with a secret). */
  private refuse(response: ServerResponse, refusal: Refusal, request?: IncomingMessage): void {
    if (request && refusal.status === 403) {
      const origin = request.headers.origin ?? (request.headers['sec-fetch-site'] ? `(${String(request.headers['sec-fetch-site'])})` : '(none)');
      this.options.reporter.report('view', { event: 'auth', remote: remoteOf(request), status: 403, reason: 'origin', origin: origin.slice(0, 200), advice: 'only the page the view serves may use its feed and controls' });
    }
    response.writeHead(refusal.status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...refusal.headers });
    response.end(`${refusal.reason}\n`);
  }

  private json(response: ServerResponse, status: number, value: unknown): void {
    response.writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify(value));
  }
}

type Body = { ok: true; value: unknown } | { ok: false; status: number; reason: string };

/** The request's JSON body, at most `maxBody` bytes. */
async function readJson(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) return { ok: false, status: 413, reason: `the body is larger than ${maxBody} bytes` };
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, reason: 'the body is not JSON' };
  }
}
