/**
 * The host end of the simulated Uno's serial line: a ByteTransport, shaped as firmata-io wants
 * (write(data, callback), 'open'/'data'/'close'/'error').
 *
 * Like a serial port stream, bytes from the board are held until someone listens for 'data', so
 * the firmware's boot messages are not lost between openTransport() resolving and a Firmata
 * instance attaching its listener. 'open' likewise waits for its first listener.
 * 'close' carries an Error with `disconnected: true` when the cable was pulled (unplug),
 * nothing when the host closed the transport.
 */
import { EventEmitter } from 'node:events';
import { BoardOfflineError } from '../board.js';
import type { ByteTransport } from '../../serial/byte-transport.js';

/** What the simulated Uno provides to its transport. */
export interface TransportBackend {
  /** Queues bytes for the MCU; `done` runs once they have been clocked in (or with the error that dropped them). */
  send(bytes: Uint8Array, done: ((error?: Error | null) => void) | undefined): void;
  /** Resolves once everything sent so far has been clocked into the MCU. */
  flush(): Promise<void>;
  /** The host closed this transport. */
  release(transport: SimTransport): void;
}

export class SimTransport extends EventEmitter implements ByteTransport {
  private open = true;
  private held: Buffer[] = [];
  private closedBy: Error | undefined;
  private announced = false;

  constructor(
    readonly description: string,
    private readonly backend: TransportBackend,
  ) {
    super();
    // 'open' goes out on a later turn of the event loop, and not before someone listens for it:
    // firmata-io turns it into 'connect', which johnny-five waits for before 'ready'.
    this.on('newListener', (event) => {
      if (event === 'data' && this.held.length > 0) setImmediate(() => this.release());
      if (event === 'open' && !this.announced) setImmediate(() => this.announce());
    });
    setImmediate(() => this.announce());
  }

  get isOpen(): boolean {
    return this.open;
  }

  write(data: Buffer | number[] | Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (!this.open) {
      const error = this.closedBy ?? new BoardOfflineError('The simulated Uno transport is closed.');
      if (callback) process.nextTick(callback, error);
      return false;
    }
    const bytes = data instanceof Uint8Array ? data : Uint8Array.from(data);
    this.backend.send(bytes, callback);
    return true;
  }

  flush(): Promise<void> {
    if (!this.open) {
      return Promise.reject(this.closedBy ?? new BoardOfflineError('The simulated Uno transport is closed.'));
    }
    return this.backend.flush();
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.backend.release(this);
    this.cut(undefined);
  }

  /** Bytes from the board (called by the simulated Uno after each CPU turn). */
  deliver(data: Buffer): void {
    if (!this.open) return;
    if (this.listenerCount('data') === 0 || this.held.length > 0) {
      this.held.push(data);
      if (this.listenerCount('data') > 0) this.release();
      return;
    }
    this.emit('data', data);
  }

  /** The link is gone. `reason` (e.g. unplugged) is passed with 'close'; undefined for a plain close. */
  cut(reason: Error | undefined): void {
    if (!this.open) return;
    this.open = false;
    this.held = [];
    this.closedBy = reason ?? new BoardOfflineError('The simulated Uno transport is closed.');
    if (reason) this.emit('close', reason);
    else this.emit('close');
  }

  private announce(): void {
    if (!this.open || this.announced || this.listenerCount('open') === 0) return;
    this.announced = true;
    this.emit('open');
  }

  private release(): void {
    if (!this.open || this.held.length === 0 || this.listenerCount('data') === 0) return;
    const data = Buffer.concat(this.held);
    this.held = [];
    this.emit('data', data);
  }
}
