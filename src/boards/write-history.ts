/** One write the mock board received, in order. */
export interface RecordedWrite {
  pin: number;
  /** A digital write, a PWM write, a servo write, or a servo detached (its pulses stopped: value 0). */
  kind: 'digital' | 'pwm' | 'servo' | 'servo-detach';
  /** Digital level (0/1), PWM duty (0–255), or servo angle (0–180°). */
  value: number;
  /** Wall-clock milliseconds (Date.now()). */
  at: number;
}

/**
 * The last `capacity` writes, in order, in a ring: a board written flat out keeps a flat memory
 * (about 85 bytes a write were kept forever before). `count` still counts every write.
 */
export class WriteHistory {
  private readonly ring: RecordedWrite[] = [];
  private next = 0;
  private total = 0;

  constructor(readonly capacity = 1_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
  }

  /** Every write ever recorded, including those the ring no longer holds. */
  get count(): number {
    return this.total;
  }

  add(write: RecordedWrite): void {
    if (this.ring.length < this.capacity) this.ring.push(write);
    else this.ring[this.next] = write;
    this.next = (this.next + 1) % this.capacity;
    this.total += 1;
  }

  /** The last `n` writes still held (all of them by default), oldest first. */
  recent(n = this.capacity): RecordedWrite[] {
    const ordered = this.ring.length < this.capacity ? this.ring.slice() : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return n >= ordered.length ? ordered : ordered.slice(ordered.length - n);
  }

  /** The last write still held, if any. */
  last(): RecordedWrite | undefined {
    if (this.ring.length === 0) return undefined;
    return this.ring[(this.next + this.capacity - 1) % this.capacity] ?? this.ring.at(-1);
  }
}
