import { WebSocket } from '../net/ws-package.js';
import { UserError, errorMessage } from '../errors.js';
import { flagNames, type SettingNames } from '../setting-names.js';
import { NodeNotFoundYet } from '../mesh/directory.js';
import { retryWithBackoff } from '../net/backoff.js';
import { PendingReplies } from '../net/pending-replies.js';
import { closeWebSocket, connectWebSocket, HandshakeTimedOut, RefusedError, UntrustedCertificate } from '../net/ws-client.js';
import { redactUrl } from '../security/redact.js';
import { DEFAULT_CONNECT_FOR_MS } from './peer-wait.js';
import { SerialQueue } from './serial-queue.js';
import { errorReply } from './error-reply.js';

/** Where the peer is now: called again on every (re)connect, so a directory can move a node. */
export type PeerUrl = () => string | Promise<string>;

export interface PeerLinkOptions {
  /** How long to keep retrying to connect, with exponential backoff, before giving up (ms; default 30 s, as the command's --peer-timeout). */
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
  /** How long one attempt's WebSocket upgrade may take, in ms (default 10 s: see connectWebSocket). */
  handshakeTimeout?: number;
  /**
   * How a person corrects the peer's address, said when something else (or nothing) answers there.
   * Default: "fix iopin's address in the circuit file"; the clock given -p/-s: "fix --port/--host".
   */
  addressFix?: string;
  /** How the person gives this process its token and CA, for the advice when a peer refuses them (default: the command's flags). */
  settingNames?: SettingNames;
}

/** The peer could not be reached or stopped answering. The message says which and what to do. */
export class PeerUnreachableError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PeerUnreachableError';
  }
}

/**
 * One request's reply was lost: the peer did not answer in time, or the connection dropped before it
 * did. The link itself may be fine: the next request opens it again. A clock that ticks for a month
 * counts such a tick as failed and goes on (a laptop that slept, a machine too busy for 10 s).
 */
export class ReplyLostError extends PeerUnreachableError {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyLostError';
  }
}

/**
 * The peer did not answer as a pinmesh node for as long as the link tried: `where` says where and
 * why ("at ws://… (ECONNREFUSED) after trying for 10 s"), `nothingListens` whether nothing answered
 * there at all, the one case where starting the peer is the advice.
 */
export class PeerNotAnswering extends PeerUnreachableError {
  constructor(
    message: string,
    readonly where: string,
    readonly nothingListens: boolean,
  ) {
    super(message);
    this.name = 'PeerUnreachableError';
  }
}

/** Where the peer is could not be found out, for a reason retrying will not cure (a wrong address, an unknown node). */
class NoAddress extends Error {
  constructor(readonly original: unknown) {
    super(errorMessage(original));
  }
}

/** How long a request waits for its reply, unless the link is told otherwise. */
const DEFAULT_REPLY_TIMEOUT_MS = 10_000;
/** How long tryOnce() waits for connect()'s next attempt, made at once (ms): a loopback or LAN node answers well within it. */
const ATTEMPT_NOW_MS = 250;

/**
 * One kept-open WebSocket connection to a peer node on one channel. Requests are one text frame
 * out and the next text frame back (the ack). The socket is opened on first use and re-opened
 * (with backoff) on the next use after it drops.
 */
export class PeerLink {
  private socket: WebSocket | undefined;
  private opening: Promise<WebSocket> | undefined;
  private readonly pending = new PendingReplies<number, string>();
  private nextRequest = 0;
  private readonly turns = new SerialQueue();
  private closed = false;
  private readonly where: PeerUrl;
  private lastUrl: string;
  /** The last attempt presented a token (so a 401 says it was the wrong one, not that none was given). */
  private sentToken = false;
  /** Failed attempts since the link was last up, across connect() calls: a wait that is tried again goes on counting. */
  private failedAttempts = 0;
  /** While connect() waits out its backoff before the next attempt: what makes that attempt now. */
  private cutWait: (() => void) | undefined;
  /** tryOnce() calls waiting for connect()'s attempt: told when it failed and connect() waits again. */
  private readonly onWaitAgain: Array<() => void> = [];

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

  /**
   * One attempt to open the link, without retrying or reporting: true when it is open now. While
   * connect() is retrying, its attempt is the answer: the one under way, or, while it waits out its
   * backoff (up to 2 s), the next one, made now. A peer that came up meanwhile is found at once, not
   * at the link's next try.
   */
  async tryOnce(): Promise<boolean> {
    if (this.closed) return false;
    if (this.socket?.readyState === WebSocket.OPEN) return true;
    if (this.opening) return this.attemptNow(this.opening);
    const started = Date.now();
    try {
      await this.openOnce();
      return true;
    } catch (error) {
      // Wrong credentials or a wrong address are said at once, here too: retrying will not cure them.
      if (isFinalFailure(error)) throw this.failure(error, Date.now() - started);
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    this.socket = undefined;
    this.failPending(new PeerUnreachableError(`link to ${this.peer} closed`));
    if (socket) await closeWebSocket(socket);
  }

  private request(message: string): Promise<string> {
    // Open already (every request but a link's first): sent at once, not after a turn of awaiting connect().
    const open = this.socket;
    if (!this.closed && open?.readyState === WebSocket.OPEN) return this.send(open, message);
    return this.connect().then((socket) => this.send(socket, message));
  }

  private send(socket: WebSocket, message: string): Promise<string> {
    const timeout = this.options.replyTimeout ?? DEFAULT_REPLY_TIMEOUT_MS;
    const key = this.nextRequest++;
    const reply = this.pending.add(key);
    this.pending.sent(key, timeout, () => {
      // Replies on this socket can no longer be matched to requests: start afresh next time.
      socket.terminate();
      return new ReplyLostError(`${this.peer} did not reply to ${JSON.stringify(message)} within ${timeout} ms`);
    });
    socket.send(message, (error) => {
      if (error) this.failPending(new ReplyLostError(`could not send to ${this.peer}: ${error.message}`));
    });
    return reply;
  }

  /**
   * The outcome of connect()'s attempt under way, or of its next one, started now by ending its wait:
   * true once it opened the link, false if it failed, or still runs after ATTEMPT_NOW_MS (a host that
   * does not answer at all: the attempt goes on, the caller does not wait for it).
   */
  private async attemptNow(opening: Promise<WebSocket>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const failedAgain = new Promise<boolean>((resolve) => this.onWaitAgain.push(() => resolve(false)));
    const tooLong = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ATTEMPT_NOW_MS, false)));
    this.cutWait?.();
    try {
      return await Promise.race([opening.then(() => true, () => false), failedAgain, tooLong]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** connect()'s wait between attempts: `ms`, or less when tryOnce() makes the next attempt now. */
  private waitBeforeRetry(ms: number): Promise<void> {
    for (const failed of this.onWaitAgain.splice(0)) failed();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.cutWait = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cutWait = done;
    });
  }

  private openWithRetry(): Promise<WebSocket> {
    const connectFor = this.options.connectFor ?? DEFAULT_CONNECT_FOR_MS;
    const started = Date.now();
    return retryWithBackoff(() => this.openOnce(), {
      giveUpAfterMs: connectFor,
      wait: (ms) => this.waitBeforeRetry(ms),
      // Wrong credentials and a wrong address do not get right by retrying: say so at once.
      isFinal: isFinalFailure,
      onFailedAttempt: ({ error }) => {
        if (this.closed) throw new PeerUnreachableError(`link to ${this.peer} closed`);
        this.failedAttempts++;
        this.options.onRetry?.({ peer: this.peer, url: this.url, attempt: this.failedAttempts, error: errorMessage(error) });
      },
    })
      .then((socket) => {
        this.failedAttempts = 0;
        return socket;
      })
      .catch((failure: unknown) => {
        // The time it tried, as it was: an attempt's handshake may outlast connectFor.
        throw this.failure(failure, Date.now() - started);
      });
  }

  /** What a failure to open the link says to the person. */
  private failure(failure: unknown, triedMs: number): Error {
    const error = failure instanceof NoAddress ? failure.original : failure;
    if (error instanceof UserError) return error;
    const names = this.options.settingNames ?? flagNames;
    if (error instanceof RefusedError && (error.status === 401 || error.status === 403)) {
      return new PeerUnreachableError(`${this.peer} at ${this.url} refused the connection: ${refusalAdvice(this.peer, error.status, this.sentToken, names)}`);
    }
    if (error instanceof UntrustedCertificate) {
      return new PeerUnreachableError(
        `${this.peer} at ${this.url} has a certificate this node does not trust (${error.code}): give this node the certificate it was signed with (a self-signed one itself) with ${names.ca}`,
      );
    }
    return notAnswering(this.peer, this.url, error, Math.round(triedMs / 1000), this.options.addressFix ?? `fix ${this.peer}'s address in the circuit file`);
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
      throw new NoAddress(error);
    }
    this.lastUrl = url;
    this.sentToken = 'authorization' in headers || 'Authorization' in headers;
    const socket = await connectWebSocket(url, {
      headers,
      ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
      ...(this.options.maxPayload !== undefined ? { maxPayload: this.options.maxPayload } : {}),
      ...(this.options.handshakeTimeout !== undefined ? { handshakeTimeoutMs: this.options.handshakeTimeout } : {}),
    });
    this.attach(socket);
    return socket;
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      const oldest = this.pending.oldest();
      if (oldest !== undefined) this.pending.settle(oldest, isBinary ? errorReply(`binary reply from ${this.peer}`) : data.toString());
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.failPending(new ReplyLostError(`connection to ${this.peer} dropped before it replied`));
    });
  }

  private failPending(error: Error): void {
    this.pending.failAll(error);
  }
}

/**
 * Why the peer is not reachable, with what to do: "start it" only when nothing answered at its
 * address; something that took the connection and never finished the handshake, or answered plain
 * HTTP, is not (or not yet) the peer.
 */
function notAnswering(peer: string, url: string, error: unknown, seconds: number, fix: string): PeerNotAnswering {
  const tried = `after trying for ${seconds} s`;
  if (error instanceof HandshakeTimedOut) {
    const where = `at ${url} (something there ${error.message}) ${tried}`;
    return new PeerNotAnswering(`${peer} is not reachable ${where}: is that pinmesh ${peer}, and running (not suspended)? If another program holds that port, ${fix}`, where, false);
  }
  if (error instanceof RefusedError) {
    const where = `at ${url} (it answered HTTP ${error.status}, not a WebSocket) ${tried}`;
    return new PeerNotAnswering(`${peer} is not reachable ${where}: that is not pinmesh ${peer}; ${fix}`, where, false);
  }
  const where = `at ${url} (${errorMessage(error)}) ${tried}`;
  return new PeerNotAnswering(`${peer} is not reachable ${where}: start it (pinmesh ${peer}) or ${fix}`, where, true);
}

function refusalAdvice(peer: string, status: number, sentToken: boolean, names: SettingNames): string {
  if (status === 401 && sentToken) return `HTTP 401: ${peer} refused this node's token: it is not the one ${peer} has; give both the same token (${names.ownToken})`;
  if (status === 401) return `HTTP 401: ${peer} wants a token: give this node the same one (${names.ownToken}) and mark ${peer} "token": true in the circuit`;
  if (status === 403) return `HTTP 403: ${peer} refused this client's origin`;
  return `HTTP ${status}`;
}

/** A failure retrying will not cure: no address for the peer, or a refusal of this process's credentials. */
function isFinalFailure(error: unknown): boolean {
  return error instanceof NoAddress || error instanceof UntrustedCertificate || (error instanceof RefusedError && (error.status === 401 || error.status === 403));
}
