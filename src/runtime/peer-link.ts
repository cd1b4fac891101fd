import pRetry, { AbortError } from 'p-retry';
import WebSocket from 'ws';
import { UserError, errorMessage } from '../errors.js';
import { NodeNotFoundYet } from '../mesh/directory.js';
import { redactUrl } from '../security/redact.js';
import { SerialQueue } from './serial-queue.js';
import { errorReply } from './error-reply.js';

/** Where the peer is now: called again on every (re)connect, so a directory can move a node. */
export type PeerUrl = () => string | Promise<string>;

export interface PeerLinkOptions {
  /** How long to keep retrying to connect, with exponential backoff, before giving up (ms). */
  connectFor?: number;
  /** How long to wait for one reply before giving up on it (ms). */
  replyTimeout?: number;
  /** Called before each retry, e.g. to say "waiting for buzzer…". */
  onRetry?: (retry: { peer: string; url: string; attempt: number; error: string }) => void;
  /** Headers sent with every upgrade (e.g. `Authorization: Bearer …`); called on every (re)connect. */
  headers?: () => Record<string, string>;
  /** Certificates (PEM) to trust for wss:// besides the public CAs: a self-signed node's (`--tls-ca`). */
  ca?: string;
  /** Largest reply accepted, in bytes. */
  maxPayload?: number;
}

/** The peer could not be reached or stopped answering. The message says which and what to do. */
export class PeerUnreachableError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PeerUnreachableError';
  }
}

interface PendingReply {
  resolve(text: string): void;
  reject(error: Error): void;
}

/**
 * One kept-open WebSocket connection to a peer node on one channel. Requests are one text frame
 * out and the next text frame back (the ack). The socket is opened on first use and re-opened
 * (with backoff) on the next use after it drops.
 */
export class PeerLink {
  private socket: WebSocket | undefined;
  private opening: Promise<WebSocket> | undefined;
  private readonly pending: PendingReply[] = [];
  private readonly turns = new SerialQueue();
  private closed = false;
  private readonly where: PeerUrl;
  private lastUrl: string;

  constructor(
    readonly peer: string,
    url: string | PeerUrl,
    private readonly options: PeerLinkOptions = {},
  ) {
    this.where = typeof url === 'string' ? () => url : url;
    this.lastUrl = typeof url === 'string' ? url : '';
  }

  /** The URL last connected to (or tried), fit to print: a token in it is redacted. */
  get url(): string {
    return redactUrl(this.lastUrl);
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Runs `session` with exclusive use of the link: no other stream's frames interleave with it. */
  exclusive<T>(session: (request: (message: string) => Promise<string>) => Promise<T>): Promise<T> {
    return this.turns.run(() => session((message) => this.request(message)));
  }

  /** Opens the connection if it is not open, retrying with backoff for `connectFor` ms. */
  async connect(): Promise<WebSocket> {
    if (this.closed) throw new PeerUnreachableError(`link to ${this.peer} is closed`);
    if (this.socket?.readyState === WebSocket.OPEN) return this.socket;
    this.opening ??= this.openWithRetry().finally(() => (this.opening = undefined));
    return this.opening;
  }

  async close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    this.socket = undefined;
    this.failPending(new PeerUnreachableError(`link to ${this.peer} closed`));
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'done');
        setTimeout(() => (socket.terminate(), resolve()), 500).unref();
      });
    }
  }

  private async request(message: string): Promise<string> {
    const socket = await this.connect();
    const timeout = this.options.replyTimeout ?? 10_000;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.pending.indexOf(entry);
        if (index >= 0) this.pending.splice(index, 1);
        reject(new PeerUnreachableError(`${this.peer} did not reply to ${JSON.stringify(message)} within ${timeout} ms`));
        // Replies on this socket can no longer be matched to requests: start afresh next time.
        socket.terminate();
      }, timeout);
      const entry: PendingReply = {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.pending.push(entry);
      socket.send(message, (error) => {
        if (error) this.failPending(new PeerUnreachableError(`could not send to ${this.peer}: ${error.message}`));
      });
    });
  }

  private openWithRetry(): Promise<WebSocket> {
    const connectFor = this.options.connectFor ?? 10_000;
    return pRetry(() => this.openOnce(), {
      retries: 1000,
      minTimeout: 100,
      maxTimeout: 2_000,
      factor: 2,
      maxRetryTime: connectFor,
      onFailedAttempt: (error) => {
        if (this.closed) throw new PeerUnreachableError(`link to ${this.peer} closed`);
        this.options.onRetry?.({ peer: this.peer, url: this.url, attempt: error.attemptNumber, error: error.message });
      },
    }).catch((error: unknown) => {
      if (error instanceof UserError) throw error;
      if (error instanceof Error && /^(HTTP 40[13])/.test(error.message)) throw new PeerUnreachableError(`${this.peer} at ${this.url} refused the connection: ${error.message}`);
      throw new PeerUnreachableError(
        `${this.peer} is not reachable at ${this.url} (${errorMessage(error)}) after trying for ${Math.round(connectFor / 1000)} s: start it (pinmesh ${this.peer}) or fix its address in the circuit file`,
      );
    });
  }

  private async openOnce(): Promise<WebSocket> {
    let url: string;
    let headers: Record<string, string>;
    try {
      url = await this.where();
      headers = this.options.headers?.() ?? {};
    } catch (error) {
      // A node the directory may yet learn of is asked for again; anything else is configuration.
      if (error instanceof NodeNotFoundYet) throw error;
      throw new AbortError(error instanceof Error ? error : String(error));
    }
    this.lastUrl = url;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, {
        handshakeTimeout: 5_000,
        headers,
        ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
        ...(this.options.maxPayload !== undefined ? { maxPayload: this.options.maxPayload } : {}),
      });
      socket.once('open', () => {
        socket.off('error', onError);
        socket.off('unexpected-response', onRefused);
        this.attach(socket);
        resolve(socket);
      });
      const onError = (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message));
      socket.once('error', onError);
      // A node that refuses the upgrade says why in plain HTTP (401 wrong token, 403 origin…).
      const onRefused = (_request: unknown, response: import('node:http').IncomingMessage) => {
        socket.off('error', onError);
        response.resume();
        socket.on('error', () => undefined);
        socket.terminate();
        const status = response.statusCode ?? 0;
        const error = new Error(refusalAdvice(this.peer, status));
        // Wrong credentials do not get right by retrying: say so at once.
        reject(status === 401 || status === 403 ? new AbortError(error) : error);
      };
      socket.once('unexpected-response', onRefused);
    });
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      const waiting = this.pending.shift();
      if (waiting) waiting.resolve(isBinary ? errorReply(`binary reply from ${this.peer}`) : data.toString());
    });
    socket.on('error', () => undefined); // 'close' follows and says what matters.
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.failPending(new PeerUnreachableError(`connection to ${this.peer} dropped before it replied`));
    });
  }

  private failPending(error: Error): void {
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }
}

function refusalAdvice(peer: string, status: number): string {
  if (status === 401) return `HTTP 401: ${peer} wants a token: give this node the same one (--token-file or PINMESH_TOKEN) and mark ${peer} "token": true in the circuit file`;
  if (status === 403) return `HTTP 403: ${peer} refused this client's origin`;
  return `HTTP ${status}`;
}
