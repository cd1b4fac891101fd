import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from '../../net/ws-package.js';
import { UserError, errorMessage } from '../../errors.js';
import { backoffDelay, defaultBackoff, retryWithBackoff, type Backoff } from '../../net/backoff.js';
import { keepAlive } from '../../net/heartbeat.js';
import { PendingReplies } from '../../net/pending-replies.js';
import { closeWebSocket, connectWebSocket, isConnectionRefused } from '../../net/ws-client.js';
import { redactUrl } from '../../security/redact.js';
import { BoardOfflineError, type Board, type BoardIdentity } from '../board.js';
import { checkAnalogReadOptions, checkDigitalReadOptions, checkLevel, type AnalogReadOptions, type DigitalReadOptions, type OutputSafety, type PinMode } from '../capabilities.js';
import { adoptClaims, type PinClaim } from '../pin-claims.js';
import { boardNodeNotReady, nothingListens } from './board-node-not-ready.js';
import { BoardNodeRefusal, boardNodeRefusal, refusedOnReturn } from './board-node-refusal.js';
import { PinTakenError } from './pin-owners.js';
import { parseServerFrame, protocolSchemas, PROTOCOL_VERSION, type Hello, type Reply, type RequestBody, type ServerEvent } from './protocol.js';
import { RemotePinClaims } from './remote-claims.js';
import type { SettingNames } from '../../setting-names.js';

export interface RemoteBoardOptions {
  /** The board node: ws://HOST:PORT or wss://HOST:PORT. */
  url: string;
  /** Headers sent with every upgrade (the token: `Authorization: Bearer …`). */
  headers?: () => Record<string, string>;
  /** Certificates (PEM) to trust for wss:// besides the public CAs (`--tls-ca`). */
  ca?: string;
  /** This process has a token but did not send it here (see src/security/board-token.ts): said if the board node wants one. */
  withheldAdvice?: string;
  /** How the person gives this process its token, for the advice when the board node wants one (default: the command's flags). */
  settingNames?: SettingNames;
  /** How the board node names this process in messages. Default "pinmesh pid N". */
  client?: string;
  /** How long ready() waits for the board node at first, in ms. Default 15 s. */
  connectFor?: number;
  /**
   * How long ready() keeps trying an address where nothing listens (connection refused) before it
   * says so, in ms: a board node started a moment ago (its board opening) is met. Default 3 s.
   */
  refusedFor?: number;
  /** How often a board node that refused this process (a token it wants) is asked again, in ms. Default 30 s. */
  retryRefusalMs?: number;
  /** Reconnect backoff after the board node is lost, in ms. Default 100 ms doubling up to 2 s. */
  reconnect?: Backoff;
  /** How long one request may wait for its reply before the link is deemed dead, in ms. Default 15 s. */
  replyTimeoutMs?: number;
  /** How often the link is checked when nothing is sent, in ms. Default 10 s. */
  heartbeatMs?: number;
}

/** Requests sent before the board node said how many it takes unanswered (the hello and the claims). */
const IN_FLIGHT_BEFORE_HELLO = 16;

/**
 * A board owned by another process (`pinmesh board`), driven over a WebSocket: every capability,
 * observation and coming and going of a local board, so it passes the same contract. A write
 * resolves when the board node replies that the board confirmed it, never before; while the
 * board node (or its board) is away the board is offline and writes are refused with
 * BoardOfflineError; it reconnects by itself with backoff and claims its pins again. close()
 * asks the board node to make this process's outputs safe, confirmed, then disconnects.
 */
export class RemoteBoard extends EventEmitter implements Board, OutputSafety {
  private readonly url: string;
  private socket: WebSocket | undefined;
  private greeted = false;
  private boardOnline = false;
  private isOnline = false;
  private closed = false;
  private identity: BoardIdentity | undefined;
  private pins: PinMode[][] | undefined;
  private nextId = 1;
  private readonly pending = new PendingReplies<number, unknown>();
  /** Requests waiting for their turn: no more than the board node takes unanswered are sent at once. */
  private readonly outbox: Array<{ id: number; frame: string; op: string }> = [];
  private maxInFlight = IN_FLIGHT_BEFORE_HELLO;
  private readonly claims = new Map<string, { pin: number; claim: PinClaim }>();
  private running: Promise<void> | undefined;
  private readonly stopRunning = new AbortController();
  private readonly readyWaiters = new Set<{ resolve(identity: BoardIdentity): void; reject(error: Error): void }>();
  private lastFailure = '';
  /** The last attempt's error while none succeeded; undefined once greeted. */
  private lastError: unknown;
  /** Since when every attempt met nothing listening (connection refused). */
  private refusedSince: number | undefined;
  /** The refusal already said (said once, not at every retry). */
  private toldRefusal: string | undefined;
  /** The board node said it was shutting down (1001): it drives its outputs LOW as it stops. */
  private nodeStopped = false;
  /** Since it stopped, the board node is back, but has not served this process (it refused it). */
  private nodeBack = false;
  private everGreeted = false;

  constructor(private readonly options: RemoteBoardOptions) {
    super();
    this.url = options.url;
    adoptClaims(this, new RemotePinClaims({ forwardClaim: (pin, claim) => this.forwardClaim(pin, claim), forgetClaims: (node) => this.forgetClaims(node) }));
  }

  /** The remote board's kind ('sim', 'uno', 'mock') once known. */
  get kind(): string {
    return this.identity?.kind ?? 'remote';
  }

  get port(): string {
    const where = redactUrl(this.url);
    return this.identity ? `${this.identity.port} via ${where}` : where;
  }

  get connectHint(): string {
    return 'the board node of another process (pinmesh board) owns the board';
  }

  get online(): boolean {
    return this.isOnline && !this.closed;
  }

  ready(): Promise<BoardIdentity> {
    if (this.closed) return Promise.reject(new BoardOfflineError(`the board at ${redactUrl(this.url)} is closed`));
    if (this.online) return Promise.resolve(this.described()!);
    this.running ??= this.run();
    const connectFor = this.options.connectFor ?? 15_000;
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (identity: BoardIdentity) => (clearTimeout(timer), resolve(identity)),
        reject: (error: Error) => (clearTimeout(timer), reject(error)),
      };
      const timer = setTimeout(() => {
        this.readyWaiters.delete(waiter);
        reject(boardNodeNotReady(redactUrl(this.url), connectFor, { error: this.lastError, greetedBoardOffline: this.greeted && !this.boardOnline }));
      }, connectFor);
      this.readyWaiters.add(waiter);
    });
  }

  /** The board node relays its board's own capability report. */
  get pinSource(): string {
    return `capability report of the board served at ${redactUrl(this.url).replace(/\/$/, '')}`;
  }

  pinModes(pin: number): readonly PinMode[] {
    if (!this.pins) throw new BoardOfflineError(`the board at ${redactUrl(this.url)} has not answered yet: await ready() first`);
    return this.pins[pin] ?? [];
  }

  async digitalWrite(pin: number, value: 0 | 1): Promise<void> {
    checkLevel(value);
    await this.request({ op: 'digitalWrite', pin, value });
  }

  async pwmWrite(pin: number, duty: number): Promise<void> {
    await this.request({ op: 'pwmWrite', pin, duty });
  }

  async servoWrite(pin: number, degrees: number): Promise<void> {
    await this.request({ op: 'servoWrite', pin, degrees });
  }

  async digitalRead(pin: number, options: DigitalReadOptions = {}): Promise<0 | 1> {
    checkDigitalReadOptions(options);
    const value = await this.request({ op: 'digitalRead', pin, ...(options.pullUp !== undefined ? { pullUp: options.pullUp } : {}) });
    return value === 1 ? 1 : 0;
  }

  async analogRead(pin: number, options: AnalogReadOptions = {}): Promise<number> {
    checkAnalogReadOptions(options);
    return Number(await this.request({ op: 'analogRead', pin, ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}) }));
  }

  async makeSafe(pin: number): Promise<void> {
    await this.request({ op: 'makeSafe', pin });
  }

  /**
   * The fail-safe, done by the board node for this process: its outputs LOW, PWM 0, servos
   * detached, confirmed (their observations arrive first), its pins freed; then the link closes.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.socket && this.greeted) {
      try {
        await this.request({ op: 'release' }, { whenOffline: true });
      } catch (error) {
        await this.closingHandshake();
        this.emit('warning', this.notMadeSafe(errorMessage(error)));
      }
    } else if (this.everGreeted) {
      this.emit('warning', this.notMadeSafe(this.lastFailure || 'it is offline'));
    }
    this.closed = true;
    this.isOnline = false;
    this.stopRunning.abort();
    const socket = this.socket;
    this.socket = undefined;
    this.failPending(new BoardOfflineError(`the board at ${redactUrl(this.url)} is closed`));
    for (const waiter of this.readyWaiters) waiter.reject(new BoardOfflineError(`the board at ${redactUrl(this.url)} was closed before it was ready`));
    this.readyWaiters.clear();
    if (socket) await closeWebSocket(socket);
  }

  /** Connects and greets, with backoff; waits for the link to drop; and again, until closed. */
  private async run(): Promise<void> {
    const backoff = this.options.reconnect ?? defaultBackoff;
    const signal = this.stopRunning.signal;
    try {
      // A node that refused this process will not change its mind soon: asked again now and then.
      const wait = (ms: number) => sleep(this.lastError instanceof BoardNodeRefusal ? this.retryRefusalMs : ms, undefined, { signal });
      while (!this.closed) {
        const { dropped } = await retryWithBackoff(() => this.connectAndGreet(), { backoff, signal, wait, onFailedAttempt: ({ error }) => this.failedToConnect(error) });
        await dropped;
        await sleep(backoffDelay(backoff, 1), undefined, { signal });
      }
    } catch {
      // closed while connecting or waiting
    }
  }

  private async connectAndGreet(): Promise<{ dropped: Promise<void> }> {
    const socket = await this.open();
    const dropped = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await this.greet(socket);
    return { dropped };
  }

  private get retryRefusalMs(): number {
    return this.options.retryRefusalMs ?? 30_000;
  }

  private failedToConnect(error: unknown): void {
    this.lastFailure = errorMessage(error);
    this.lastError = error;
    if (isConnectionRefused(error)) {
      this.refusedSince ??= Date.now();
      this.nodeBack = false;
    } else this.refusedSince = undefined;
    // The node answered (it is running again, if it had stopped), turning this process away.
    if (error instanceof BoardNodeRefusal && this.nodeStopped) this.nodeBack = true;
    if (error instanceof UserError) this.failReady(error);
    else if (this.refusedSince !== undefined && Date.now() - this.refusedSince >= (this.options.refusedFor ?? 3_000)) this.failReady(nothingListens(redactUrl(this.url)));
    // A process that was driving the board is told once, not at every try, why it no longer is.
    if (error instanceof BoardNodeRefusal && this.everGreeted && this.toldRefusal !== error.message) {
      this.toldRefusal = error.message;
      this.emit('warning', refusedOnReturn(error, this.retryRefusalMs));
    }
    this.socket?.terminate();
  }

  /** ready() gives up at once, with `error`. */
  private failReady(error: Error): void {
    for (const waiter of this.readyWaiters) waiter.reject(error);
    this.readyWaiters.clear();
  }

  private async open(): Promise<WebSocket> {
    const url = redactUrl(this.url);
    const headers = this.options.headers?.() ?? {};
    const socket = await connectWebSocket(this.url, {
      headers,
      perMessageDeflate: false,
      ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
      refused: (status) => boardNodeRefusal(url, status, { sentToken: sentToken(headers), withheldAdvice: this.options.withheldAdvice, names: this.options.settingNames }),
    });
    this.attach(socket);
    return socket;
  }

  /** The node's close frame arrived (the link is closing): its code says whether the node stopped. */
  private async closingHandshake(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.CLOSING) return;
    await new Promise<void>((resolve) => {
      const cut = setTimeout(resolve, 1_000);
      socket.once('close', () => (clearTimeout(cut), resolve()));
    });
  }

  /**
   * The one true thing to say when this process's outputs were not released through the board
   * node (the 'closed' line is not said after it): a node that stopped drives them LOW itself.
   */
  private notMadeSafe(why: string): string {
    const node = `the board node at ${redactUrl(this.url)}`;
    if (this.nodeStopped && this.nodeBack) return `${node} restarted while this process was driving its board: as it stopped it drove its outputs LOW, this process's among them, and it has not served this process since`;
    if (this.nodeStopped) return `${node} stopped before this process did; it drives its outputs LOW as it stops, this process's among them`;
    return `${node} could not make this process's outputs safe (${why}): check the board, its outputs may still be on`;
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    this.greeted = false;
    socket.on('message', (data, isBinary) => {
      const frame = isBinary ? undefined : parseServerFrame(data.toString());
      if (!frame) return void this.emit('warning', `the board node at ${redactUrl(this.url)} sent a frame that is not part of the board protocol; ignored`);
      if ('reply' in frame) this.settle(frame.reply);
      else this.onEvent(frame.event);
    });
    keepAlive(socket, this.options.heartbeatMs ?? 10_000);
    socket.once('close', (code, reason) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.greeted = false;
      if (code === 1001) {
        this.nodeStopped = true;
        this.nodeBack = false;
      }
      this.failPending(new BoardOfflineError(`the board node at ${redactUrl(this.url)} went away before it confirmed`));
      this.goOffline(`the board node at ${redactUrl(this.url)} went away (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`);
    });
  }

  /** Says who this process is, learns the board and its pins, claims its pins again. */
  private async greet(socket: WebSocket): Promise<void> {
    let hello: Hello;
    try {
      const answer = await this.request({ op: 'hello', client: this.options.client ?? `pinmesh pid ${process.pid}`, protocol: PROTOCOL_VERSION }, { whenOffline: true });
      hello = protocolSchemas().hello.parse(answer);
    } catch (error) {
      if (error instanceof BoardOfflineError) throw error;
      throw new UserError(`the board node at ${redactUrl(this.url)} did not greet this process: ${errorMessage(error)}`);
    }
    if (this.socket !== socket) throw new BoardOfflineError('the board node went away while greeting');
    this.greeted = true;
    this.everGreeted = true;
    this.nodeStopped = false;
    this.nodeBack = false;
    this.lastError = undefined;
    this.refusedSince = undefined;
    this.toldRefusal = undefined;
    this.maxInFlight = Math.max(1, Math.min(hello.maxQueued, 1_024));
    this.boardOnline = hello.online;
    if (hello.identity) this.identity = hello.identity;
    if (hello.online) this.pins = hello.pins;
    for (const { pin, claim } of this.claims.values()) this.sendClaim(pin, claim);
    this.updateOnline();
  }

  private onEvent(event: ServerEvent): void {
    switch (event.event) {
      case 'online':
        this.identity = event.identity;
        this.pins = event.pins;
        this.boardOnline = true;
        return this.updateOnline();
      case 'offline':
        this.boardOnline = false;
        return this.goOffline(event.reason);
      case 'warning':
        return void this.emit('warning', event.message);
      default: {
        const { event: name, ...observation } = event;
        this.emit(name, observation);
      }
    }
  }

  private updateOnline(): void {
    if (this.isOnline || !this.greeted || !this.boardOnline || this.closed) return;
    this.isOnline = true;
    const identity = this.described()!;
    const waiters = [...this.readyWaiters];
    this.readyWaiters.clear();
    for (const waiter of waiters) waiter.resolve(identity);
    if (waiters.length === 0) this.emit('online', identity);
  }

  private goOffline(reason: string): void {
    if (!this.isOnline) return;
    this.isOnline = false;
    this.emit('offline', reason);
  }

  /** The identity as this process tells it: the remote board, reached through the board node. */
  private described(): BoardIdentity | undefined {
    return this.identity && { ...this.identity, port: this.port };
  }

  private request(body: RequestBody, { whenOffline = false } = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new BoardOfflineError(`the board at ${redactUrl(this.url)} is closed`));
    if (!this.socket || (!whenOffline && !this.online)) return Promise.reject(new BoardOfflineError(`the board at ${redactUrl(this.url)} is offline`));
    const id = this.nextId++;
    const reply = this.pending.add(id);
    this.outbox.push({ id, frame: JSON.stringify({ id, ...body }), op: body.op });
    this.sendWaiting();
    return reply;
  }

  /** Sends waiting requests, in order, while fewer than the board node takes are unanswered. */
  private sendWaiting(): void {
    const socket = this.socket;
    if (!socket) return;
    const timeout = this.options.replyTimeoutMs ?? 15_000;
    while (this.pending.inFlight < this.maxInFlight && this.outbox.length > 0) {
      const { id, frame, op } = this.outbox.shift()!;
      if (!this.pending.has(id)) continue;
      this.pending.sent(id, timeout, () => {
        socket.terminate(); // a board node that stopped answering: start afresh
        return new BoardOfflineError(`the board node at ${redactUrl(this.url)} did not confirm ${op} within ${Math.round(timeout / 1000)} s`);
      });
      socket.send(frame, (error) => {
        if (error) this.pending.fail(id, new BoardOfflineError(`could not send to the board node: ${error.message}`));
      });
    }
  }

  private settle(reply: Reply): void {
    if (reply.id === null) {
      if (!reply.ok) this.emit('warning', `the board node refused a frame: ${reply.error.message}`);
      return;
    }
    const answered = reply.ok ? this.pending.settle(reply.id, reply.value) : this.pending.settleWithError(reply.id, errorFor(reply.error.kind, reply.error.message));
    if (answered) this.sendWaiting();
  }

  private failPending(error: Error): void {
    this.outbox.length = 0;
    this.pending.failAll(error);
    this.maxInFlight = IN_FLIGHT_BEFORE_HELLO;
  }

  private forwardClaim(pin: number, claim: PinClaim): void {
    this.claims.set(JSON.stringify([pin, claim.node, claim.mode, claim.use]), { pin, claim });
    if (this.socket && this.greeted) this.sendClaim(pin, claim);
  }

  private forgetClaims(node: string): void {
    for (const [key, { claim }] of this.claims) if (claim.node === node) this.claims.delete(key);
  }

  /** A pin another process holds is the person's to sort out: said as a warning now, and by every refused write. */
  private sendClaim(pin: number, claim: PinClaim): void {
    this.request({ op: 'claim', pin, mode: claim.mode, use: claim.use, node: claim.node }, { whenOffline: true }).catch((error: unknown) => {
      if (error instanceof PinTakenError) this.emit('warning', error.message);
    });
  }
}

function errorFor(kind: string, message: string): Error {
  switch (kind) {
    case 'offline':
      return new BoardOfflineError(message);
    case 'range':
      return new RangeError(message);
    case 'taken':
      return new PinTakenError(message);
    default:
      return new Error(message);
  }
}

/** The upgrade carries a token (the Authorization header). */
function sentToken(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}
