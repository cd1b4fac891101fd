import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { UserError, errorMessage } from '../errors.js';
import { wsUrl } from '../mesh/ws-url.js';
import type { Reporter } from '../report/events.js';
import { SerialQueue } from './serial-queue.js';
import { replyText, type Sketch } from './sketch.js';

export interface ServeOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  reporter: Reporter;
  /** Largest frame accepted, in bytes; bigger frames close the connection (1009). */
  maxPayload?: number;
}

export interface RunningNode {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** Stops accepting, closes every client connection and the server. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves a sketch over WebSockets (the article's `reactive` + `FactoryLoop.run`): every text frame
 * is handed to loop() with the URL path as channel, and gets exactly one text reply. Frames on one
 * connection are handled in order; connections are independent of each other.
 */
export async function serveSketch(sketch: Sketch<any>, options: ServeOptions): Promise<RunningNode> {
  const { reporter } = options;
  const name = sketch.name;
  const server = new WebSocketServer({ host: options.host, port: options.port, maxPayload: options.maxPayload ?? 64 * 1024 });
  await listening(server, options);

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = wsUrl(options.host, port);

  server.on('error', (error) => reporter.report(name, { event: 'error', scope: 'server', error: error.message }));
  server.on('connection', (socket, request) => handleConnection(sketch, socket, request, reporter));

  let closing: Promise<void> | undefined;
  return {
    name,
    host: options.host,
    port,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of server.clients) client.close(1001, 'node shutting down');
        server.close(() => resolve());
        // Clients that do not finish the closing handshake promptly are cut.
        setTimeout(() => server.clients.forEach((client) => client.terminate()), 500).unref();
      });
      return closing;
    },
  };
}

function handleConnection(sketch: Sketch<any>, socket: WebSocket, request: IncomingMessage, reporter: Reporter): void {
  const channel = channelOf(request.url);
  const name = sketch.name;
  const frames = new SerialQueue();
  reporter.report(name, { event: 'connected', channel });

  socket.on('message', (data: RawData, isBinary: boolean) => {
    void frames.run(async () => {
      const reply = isBinary ? 'error: binary frames are not understood; send text' : await react(sketch, channel, data.toString(), reporter);
      if (socket.readyState === socket.OPEN) socket.send(reply);
    });
  });
  socket.on('close', (code) => reporter.report(name, { event: 'disconnected', channel, code }));
  socket.on('error', (error) => reporter.report(name, { event: 'error', scope: 'connection', channel, error: error.message }));
}

async function react(sketch: Sketch<any>, channel: string, message: string, reporter: Reporter): Promise<string> {
  try {
    return replyText(await sketch.loop(channel, message));
  } catch (error) {
    const reason = errorMessage(error);
    reporter.report(sketch.name, { event: 'error', scope: 'loop', channel, message, error: reason });
    return `error: ${reason}`;
  }
}

/** The URL path is the channel, as in the article: "/datafeed". The query string is not part of it. */
function channelOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0];
  return path || '/';
}

function listening(server: WebSocketServer, options: ServeOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(bindError(error, options));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
  });
}

function bindError(error: NodeJS.ErrnoException, { host, port }: ServeOptions): Error {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') {
    return new UserError(`port ${port} on ${host} is already in use: another pinmesh node or another program is listening there; stop it, or choose another port with --port`);
  }
  if (error.code === 'EACCES') return new UserError(`not allowed to listen on ${where}: ports below 1024 need privileges; choose a port above 1024 with --port`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new UserError(`cannot listen on ${where}: ${host} is not an address of this machine; use 127.0.0.1 or fix --host`);
  }
  return error;
}
