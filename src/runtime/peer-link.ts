import pRetry, { AbortError } from 'p-retry';
import WebSocket from 'ws';
import { UserError, errorMessage } from '../errors.js';
import { SerialQueue } from './serial-queue.js';

export interface PeerLinkOptions {
  /** How long to keep retrying to connect, with exponential backoff, before giving up (ms). */
  connectFor?: number;
  /** How long to wait for one reply before giving up on it (ms). */
  replyTimeout?: number;
  /** Called before each retry, e.g. to say "waiting for buzzer…". */
  onRetry?: (retry: { peer: string; url: string; attempt: number; error: string }) => void;
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
  private readonly locate: () => Promise<string>;
  /** The URL last connected to (or tried). */
  private lastUrl: string;

  /**
   * `target` is the peer's URL, or a function that finds it (a directory look-up), asked again on
   * every (re)connect so a peer that moved is followed.
   */
  constructor(
    readonly peer: string,
    target: string | (() => Promise<string>),
    private readonly options: PeerLinkOptions = {},
  ) {
    this.locate = typeof target === 'string' ? async () => target : target;
    this.lastUrl = typeof target === 'string' ? target : `the address of ${peer}`;
  }

  get url(): string {
    return this.lastUrl;
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
    return pRetry(async () => this.openOnce(await this.located()), {
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
      if (error instanceof UserError) throw error; // an unknown peer, or a link closed meanwhile
      throw new PeerUnreachableError(
        `${this.peer} is not reachable at ${this.url} (${errorMessage(error)}) after trying for ${Math.round(connectFor / 1000)} s: start it (pinmesh ${this.peer}) or fix its address in the circuit file`,
      );
    });
  }

  /** Asks where the peer is now; a peer nobody knows is not worth retrying. */
  private async located(): Promise<string> {
    try {
      this.lastUrl = await this.locate();
      return this.lastUrl;
    } catch (error) {
      throw error instanceof UserError ? new AbortError(error) : error;
    }
  }

  private openOnce(url: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: 5_000 });
      socket.once('open', () => {
        socket.off('error', reject);
        this.attach(socket);
        resolve(socket);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
    });
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      const waiting = this.pending.shift();
      if (waiting) waiting.resolve(isBinary ? `error: binary reply from ${this.peer}` : data.toString());
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
