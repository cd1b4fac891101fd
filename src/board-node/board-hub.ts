import { errorMessage } from '../errors.js';
import type { Reporter } from '../report/events.js';
import type { Board, BoardIdentity, InputObservation, PinObservation, PwmObservation, ServoObservation } from '../boards/board.js';
import { hasOutputSafety, type PinMode } from '../boards/capabilities.js';
import { claimsOf } from '../boards/pin-claims.js';
import { PinOwners, type ClientRef } from '../boards/remote/pin-owners.js';
import { PROTOCOL_VERSION, type Hello, type ServerEvent } from '../boards/remote/protocol.js';

/** Pins asked for their modes when describing the board (an Uno has 20; Firmata counts up to 128). */
const PIN_TABLE_SIZE = 128;
const OUTPUT_MODES: ReadonlySet<PinMode> = new Set(['digital-out', 'pwm', 'servo']);

/** One client may hold at most this share of the board's pins (an Uno's 20: 10), so no client can take them all. */
export const CLIENT_SHARE_OF_PINS = 0.5;

/** Something the hub pushes events to: one connected client. */
export interface EventSink {
  push(event: ServerEvent): void;
}

/**
 * The board node's shared state: the board it owns, which client holds which pin, and the
 * clients its observations are pushed to. A client that goes away has its outputs made safe and
 * its pins freed; the others carry on.
 */
export class BoardHub {
  readonly owners = new PinOwners();
  /** Bound: one per connected client (at most --max-connections); deleted when its socket closes (leave). */
  private readonly sinks = new Set<EventSink>();
  private readonly unsubscribe: Array<() => void> = [];
  private nextClient = 1;
  /** How many pins one client may hold: CLIENT_SHARE_OF_PINS of the board's, at least one. */
  readonly maxPinsPerClient: number;
  /** Set once the node shuts down: the board's own close() makes every output safe then. */
  private stopping = false;

  get stopped(): boolean {
    return this.stopping;
  }

  constructor(
    readonly board: Board,
    private identity: BoardIdentity,
    private readonly reporter: Reporter,
    readonly name: string,
  ) {
    this.maxPinsPerClient = Math.max(1, Math.floor(this.pinTable().length * CLIENT_SHARE_OF_PINS));
    this.listen('pin', (o: PinObservation) => this.broadcast({ event: 'pin', pin: o.pin, value: o.value, at: o.at, source: o.source }));
    this.listen('pwm', (o: PwmObservation) =>
      this.broadcast({ event: 'pwm', pin: o.pin, duty: o.duty, ...(o.frequency !== undefined ? { frequency: o.frequency } : {}), at: o.at, source: o.source }),
    );
    this.listen('servo', (o: ServoObservation) =>
      this.broadcast({ event: 'servo', pin: o.pin, ...(o.degrees !== undefined ? { degrees: o.degrees } : {}), ...(o.pulseUs !== undefined ? { pulseUs: o.pulseUs } : {}), at: o.at, source: o.source }),
    );
    this.listen('input', (o: InputObservation) => this.broadcast({ event: 'input', pin: o.pin, mode: o.mode, value: o.value, at: o.at, source: o.source }));
    this.listen('online', (identity: BoardIdentity) => {
      this.identity = identity;
      this.broadcast({ event: 'online', identity, pins: this.pinTable() });
    });
    this.listen('offline', (reason: string) => this.broadcast({ event: 'offline', reason }));
    this.listen('warning', (message: string) => this.broadcast({ event: 'warning', message }));
  }

  /** A new client: its reference (named by its remote address until it says hello). */
  join(sink: EventSink, remote: string): ClientRef {
    this.sinks.add(sink);
    return { id: this.nextClient++, label: `a client at ${remote}` };
  }

  /** What a client learns when it says hello: the board, its pins, and how it is named. */
  hello(client: ClientRef, maxQueued: number): Hello {
    const online = this.board.online;
    return { protocol: PROTOCOL_VERSION, client: client.label, online, identity: this.identity, pins: online ? this.pinTable() : [], maxQueued };
  }

  /**
   * Claims a pin for a client. Also recorded as the board's own claim, so the board node's own
   * reports name it as it is used (a piezo's PWM is a `buzz`).
   */
  claim(pin: number, client: ClientRef, wanted: { node?: string; mode: PinMode; use: string }): void {
    this.owners.claim(pin, client, wanted, this.maxPinsPerClient);
    try {
      claimsOf(this.board).claim(pin, { node: `${wanted.node ?? 'client'}#${client.id}`, mode: wanted.mode, use: wanted.use });
    } catch {
      // The client changed a pin's mode itself; the ownership above is what decides.
    }
  }

  /**
   * Claims `pin` for `client` (for `node`, the one the client claimed it for: a refusal names it)
   * while `act` (a write or a read) uses it; a claim this made is given
   * back when `act` fails, so a failed write does not keep the pin from the others. `act` is
   * called before the first await: requests reach the board in arrival order.
   */
  async using<T>(pin: number, client: ClientRef, mode: PinMode, act: () => Promise<T>, node?: string): Promise<T> {
    const fresh = this.owners.ownerOf(pin)?.client.id !== client.id;
    this.claim(pin, client, { ...(node !== undefined && { node }), mode, use: mode });
    try {
      return await act();
    } catch (error) {
      if (fresh) this.giveBack(pin, client);
      throw error;
    }
  }

  private giveBack(pin: number, client: ClientRef): void {
    const ownership = this.owners.ownerOf(pin);
    if (ownership?.client.id !== client.id) return;
    this.owners.releasePin(pin, client);
    const claims = claimsOf(this.board);
    for (const node of ownership.nodes.size > 0 ? ownership.nodes : ['client']) claims.releasePin(pin, `${node}#${client.id}`);
  }

  /** One of `client`'s outputs made safe: LOW, PWM 0, servo detached. */
  async makeSafe(pin: number, mode: PinMode): Promise<void> {
    if (hasOutputSafety(this.board)) return this.board.makeSafe(pin);
    if (mode === 'digital-out') return this.board.digitalWrite(pin, 0);
    if (mode === 'pwm') return this.board.pwmWrite(pin, 0);
    throw new Error(`the ${this.board.kind} board cannot detach the servo on pin ${pin} by itself`);
  }

  /**
   * `client` is done (it said so, closed, crashed, or its network went): every output it held is
   * made safe, confirmed, then its pins are free for the others. Returns the pins it held.
   */
  async release(client: ClientRef): Promise<number[]> {
    const held = this.owners.pinsOf(client);
    if (!this.stopping) {
      const outputs = held.filter(({ ownership }) => OUTPUT_MODES.has(ownership.mode));
      const results = await Promise.allSettled(outputs.map(({ pin, ownership }) => this.makeSafe(pin, ownership.mode)));
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') return;
        const pin = outputs[index]!.pin;
        this.reporter.report(this.name, { event: 'warning', warning: `could not make pin ${pin} of ${client.label} safe: ${errorMessage(result.reason)}` });
      });
    }
    this.owners.release(client);
    const claims = claimsOf(this.board);
    for (const { ownership } of held) for (const node of ownership.nodes.size > 0 ? ownership.nodes : ['client']) claims.release(`${node}#${client.id}`);
    return held.map(({ pin }) => pin);
  }

  leave(sink: EventSink): void {
    this.sinks.delete(sink);
  }

  /** The node is shutting down: no more per-client fail-safes (the board's close() does them all), no more events. */
  stop(): void {
    this.stopping = true;
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  private broadcast(event: ServerEvent): void {
    for (const sink of this.sinks) sink.push(event);
  }

  private pinTable(): PinMode[][] {
    const table: PinMode[][] = [];
    for (let pin = 0; pin < PIN_TABLE_SIZE; pin += 1) table.push([...this.board.pinModes(pin)]);
    while (table.length > 0 && table.at(-1)!.length === 0) table.pop();
    return table;
  }

  private listen(event: 'pin' | 'pwm' | 'servo' | 'input' | 'online' | 'offline' | 'warning', listener: (value: any) => void): void {
    this.board.on(event, listener);
    this.unsubscribe.push(() => this.board.off(event, listener));
  }
}
