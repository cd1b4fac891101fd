import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createServer as createHttpServer } from './node-http.js';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { Server as TlsServer } from 'node:tls';
import { WebSocketServer, type WebSocket } from './ws-package.js';
import { UserError } from '../errors.js';
import { channelUnder, normalMount } from './channel.js';
import { ConnectionSlots } from './connection-slots.js';
import { listening } from './listen.js';
import { refuse } from './refuse.js';
import { cutUnfinishedRequests, requestWhole } from './unfinished-requests.js';
import { wsUrl } from './ws-url.js';
import type { Reporter } from '../report/events.js';
import { guardHandshake, remoteOf, type HandshakeHook, type Refusal } from '../security/handshake.js';
import { closeCodes, type ConnectionLimits } from '../security/limits.js';
import { isLoopback } from '../security/loopback.js';
import { assertBoundSafely, assertSafeToListen, resolveSecurity, type NodeSecurity } from '../security/node-security.js';

interface CommonServeOptions {
  reporter: Reporter;
  /** Largest frame accepted, in bytes; bigger frames close the connection (1009). Same as `security.limits.maxPayload`. */
  maxPayload?: number;
  /** Origin policy, token, TLS and limits. The defaults are the safe ones. */
  security?: NodeSecurity;
  /** A check of your own, run on every upgrade after the origin and token checks. */
  handshake?: HandshakeHook;
  /**
   * Serve only upgrades whose URL path is this path or below it (e.g. "/nodes/buzzer"); the
   * channel is what follows it ("/nodes/buzzer/iopin" → "/iopin"). Default: every path.
   */
  path?: string;
}

/** The node creates its own server and listens on host:port (wss:// when `security.tls` is set). */
export interface OwnServerOptions extends CommonServeOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  server?: undefined;
}

/**
 * The node is served on an HTTP(S) server someone else created and already listens with (e.g.
 * the live view's). The node adds an `upgrade` listener for its path and leaves every other
 * request, and the server's life, to its owner.
 */
export interface SharedServerOptions extends CommonServeOptions {
  server: HttpServer | HttpsServer;
  host?: undefined;
  port?: undefined;
}

export type ServeOptions = OwnServerOptions | SharedServerOptions;

export interface RunningNode {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** Stops accepting, closes every client connection and (when it owns it) the server. Idempotent. */
  close(): Promise<void>;
}

/** What a served client comes with: its channel and address, the limits, where to report, and its raw socket (for gathering replies). */
export type ClientHandler = (client: WebSocket, context: { channel: string; remote: string; limits: ConnectionLimits; reporter: Reporter; wire: Duplex }) => void;

/**
 * The node runtime without the sketch: listening, TLS, the handshake (origin, token), the
 * connection cap and shutdown, as serveSketch has them; each accepted client goes to `onClient`
 * (a sketch node runs its sketch on it, src/runtime/node-server.ts; the board node speaks its own
 * protocol on it, src/board-node/).
 */
export async function serveClients(name: string, options: ServeOptions, onClient: ClientHandler): Promise<RunningNode> {
  const { reporter } = options;
  const security = resolveSecurity(options.security);
  const limits = { ...security.limits, ...(options.maxPayload !== undefined ? { maxPayload: options.maxPayload } : {}) };
  const owned = options.server === undefined;
  const server = options.server ?? (security.tls ? createHttpsServer({ cert: security.tls.cert, key: security.tls.key }) : createHttpServer());
  const secure = server instanceof TlsServer;

  if (owned) {
    assertSafeToListen(name, options.host, security);
    server.on('request', (_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain', Connection: 'close' });
      response.end('this is a pinmesh node: connect with a WebSocket client\n');
    });
    // A client that never finishes its request is cut after 10 s; the upgrade stops its timer.
    cutUnfinishedRequests(server, secure);
    server.requestTimeout = 15_000;
    await listening(server, options.host, options.port);
  }
  const bound = server.address();
  if (!bound || typeof bound === 'string') throw new UserError(`cannot serve ${name}: the server given is not listening on a TCP port; call listen() first`);
  const host = options.host ?? bound.address;
  try {
    // Loopback is decided again from the address actually bound, whatever the name said.
    assertBoundSafely(name, host, bound.address, security);
  } catch (error) {
    if (owned) await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  const port = bound.port;
  const mount = normalMount(options.path);
  const url = wsUrl(host, port, mount === '/' ? '' : mount).replace(/^ws:/, secure ? 'wss:' : 'ws:');

  if (!isLoopback(host) && !secure) {
    reporter.report(name, { event: 'warning', warning: `serving ${name} beyond loopback without TLS: the token and every frame cross the network in clear; add a certificate and key (--tls-cert and --tls-key; security.tls in a program)`, code: 'no-tls', host });
  }
  const guard = guardHandshake(name, security, reporter);
  const hooks: HandshakeHook[] = options.handshake ? [guard, options.handshake] : [guard];
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload, clientTracking: true, perMessageDeflate: false });
  const pendingHandshakes = new Set<Duplex>();
  let closing: Promise<void> | undefined;
  const slots = new ConnectionSlots(name, limits, reporter);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const channel = channelUnder(mount, request.url);
    if (channel === undefined) {
      if (owned) refuse(socket, { status: 404, reason: `nothing is served at this path; ${name} serves ${mount}` });
      return; // On a shared server, another listener serves that path.
    }
    if (owned) requestWhole(socket);
    socket.on('error', () => undefined); // A reset mid-handshake concerns only that client.
    pendingHandshakes.add(socket);
    void checkAll(hooks, request)
      .then((refusal) => {
        pendingHandshakes.delete(socket);
        if (socket.destroyed) return;
        if (closing) return refuse(socket, { status: 503, reason: `${name} is shutting down` });
        if (refusal) return refuse(socket, refusal);
        sockets.handleUpgrade(request, socket, head, (client) => accept(client, request, channel, socket));
      })
      .catch((error: unknown) => {
        pendingHandshakes.delete(socket);
        reporter.report(name, { event: 'error', scope: 'handshake', error: String(error) });
        refuse(socket, { status: 500, reason: 'handshake check failed' });
      });
  };

  const accept = (client: WebSocket, request: IncomingMessage, channel: string, wire: Duplex) => {
    const remote = remoteOf(request);
    if (!slots.admit(client, remote, channel)) return;
    onClient(client, { channel, remote, limits, reporter, wire });
  };

  server.on('upgrade', onUpgrade);
  const onError = (error: Error) => reporter.report(name, { event: 'error', scope: 'server', error: error.message });
  server.on('error', onError);

  return {
    name,
    host,
    port,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const socket of pendingHandshakes) socket.destroy();
        for (const client of sockets.clients) client.close(1001, 'node shutting down');
        // Clients that do not finish the closing handshake promptly are cut.
        const cut = setTimeout(() => {
          sockets.clients.forEach((client) => client.terminate());
          if (owned) server.closeAllConnections();
        }, 500);
        cut.unref();
        sockets.close(() => {
          if (!owned) {
            server.off('error', onError);
            clearTimeout(cut);
            return resolve();
          }
          server.close(() => (clearTimeout(cut), resolve()));
          server.closeIdleConnections();
        });
      });
      return closing;
    },
  };
}

async function checkAll(hooks: HandshakeHook[], request: IncomingMessage): Promise<Refusal | undefined> {
  for (const hook of hooks) {
    const refusal = await hook(request);
    if (refusal) return refusal;
  }
  return undefined;
}

