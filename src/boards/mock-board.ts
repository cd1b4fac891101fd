import { EventEmitter } from 'node:events';
import { BoardOfflineError, type Board, type BoardIdentity, type DigitalOutput, type Piezo } from './board.js';

/** One write the mock board received, in order. */
export interface RecordedWrite {
  pin: number;
  device: 'digital' | 'piezo';
  /** Digital level, or 1 = piezo sounding, 0 = silent. */
  value: 0 | 1;
  /** Wall-clock milliseconds (Date.now()). */
  at: number;
}

/**
 * A board in memory: every write is recorded with its time, observations are what the host wrote,
 * and it can be told to fail (writes rejected) or to go offline and come back, like a cable.
 */
export class MockBoard extends EventEmitter implements Board {
  readonly kind = 'mock';
  readonly writes: RecordedWrite[] = [];
  private readonly levels = new Map<string, 0 | 1>();
  private failure: string | undefined;
  private isOnline = true;
  private closed = false;
  readonly identity: BoardIdentity = { kind: 'mock', firmware: 'pinmesh mock board', version: '1.0', port: 'memory' };

  get online(): boolean {
    return this.isOnline && !this.closed;
  }

  async ready(): Promise<BoardIdentity> {
    if (this.closed) throw new BoardOfflineError('the mock board is closed');
    return this.identity;
  }

  digitalOutput(pin: number): DigitalOutput {
    this.levels.set(key('digital', pin), this.levels.get(key('digital', pin)) ?? 0);
    return { pin, write: (value) => this.write('digital', pin, value) };
  }

  piezo(pin: number): Piezo {
    this.levels.set(key('piezo', pin), this.levels.get(key('piezo', pin)) ?? 0);
    return { pin, on: () => this.write('piezo', pin, 1), off: () => this.write('piezo', pin, 0) };
  }

  /** The last level written to a pin (0 if never written). */
  level(device: RecordedWrite['device'], pin: number): 0 | 1 {
    return this.levels.get(key(device, pin)) ?? 0;
  }

  /** Every following write rejects with `reason` until `failWrites(undefined)`. */
  failWrites(reason: string | undefined): void {
    this.failure = reason;
  }

  /** The cable is pulled: 'offline' is emitted and writes reject until goOnline(). */
  goOffline(reason = 'mock board unplugged'): void {
    if (!this.isOnline) return;
    this.isOnline = false;
    this.emit('offline', reason);
  }

  goOnline(): void {
    if (this.isOnline) return;
    this.isOnline = true;
    this.emit('online', this.identity);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const [id, level] of this.levels) {
      if (level === 0) continue;
      const [device, pin] = id.split(':') as [RecordedWrite['device'], string];
      this.record(device, Number(pin), 0);
    }
    this.closed = true;
  }

  private async write(device: RecordedWrite['device'], pin: number, value: 0 | 1): Promise<void> {
    if (this.closed) throw new BoardOfflineError('the mock board is closed');
    if (!this.isOnline) throw new BoardOfflineError('the mock board is offline');
    if (this.failure) throw new BoardOfflineError(this.failure);
    this.record(device, pin, value);
  }

  private record(device: RecordedWrite['device'], pin: number, value: 0 | 1): void {
    const at = Date.now();
    this.writes.push({ device, pin, value, at });
    this.levels.set(key(device, pin), value);
    if (device === 'digital') this.emit('pin', { pin, value, at, source: 'host' });
    else this.emit('tone', { pin, on: value === 1, at, source: 'host' });
  }
}

function key(device: RecordedWrite['device'], pin: number): string {
  return `${device}:${pin}`;
}
