/** One write the mock board received, in order. */
export interface RecordedWrite {
  pin: number;
  /** A digital write, a PWM write, a servo write, or a servo detached (its pulses stopped: value 0). */
  kind: 'digital' | 'pwm' | 'servo' | 'servo-detach';
  /** Digital level (0/1), PWM duty (0–255), or servo angle (0–180°). */
  value: number;
  /** Milliseconds on the board's clock: the wall's (Date.now()), or a test's virtual clock. */
  at: number;
}

const kinds = ['digital', 'pwm', 'servo', 'servo-detach'] as const satisfies ReadonlyArray<RecordedWrite['kind']>;

/**
 * The last `capacity` writes, in order, in a ring: a board written flat out keeps a flat memory
 * (about 85 bytes a write were kept forever before). The ring is columns of numbers, so recording
 * a write allocates nothing: a write kept for a thousand writes would otherwise live long enough
 * to be promoted to the old generation and die there, a sawtooth of heap for every busy node.
 * `count` still counts every write.
 */
export class WriteHistory {
  private readonly pins: Float64Array;
  private readonly kindIndex: Uint8Array;
  private readonly values: Float64Array;
  private readonly ats: Float64Array;
  private next = 0;
  private total = 0;

  constructor(readonly capacity = 1_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
    this.pins = new Float64Array(capacity);
    this.kindIndex = new Uint8Array(capacity);
    this.values = new Float64Array(capacity);
    this.ats = new Float64Array(capacity);
  }

  /** Every write ever recorded, including those the ring no longer holds. */
  get count(): number {
    return this.total;
  }

  add(write: RecordedWrite): void {
    this.record(write.pin, write.kind, write.value, write.at);
  }

  /** Records a write without building an object for it. */
  record(pin: number, kind: RecordedWrite['kind'], value: number, at: number): void {
    const slot = this.next;
    this.pins[slot] = pin;
    this.kindIndex[slot] = kinds.indexOf(kind);
    this.values[slot] = value;
    this.ats[slot] = at;
    this.next = (slot + 1) % this.capacity;
    this.total += 1;
  }

  /** The last `n` writes still held (all of them by default), oldest first. */
  recent(n = this.capacity): RecordedWrite[] {
    const held = Math.min(this.total, this.capacity);
    const count = Math.max(0, Math.min(n, held));
    const writes: RecordedWrite[] = [];
    for (let back = count; back >= 1; back--) writes.push(this.at((this.next - back + this.capacity) % this.capacity));
    return writes;
  }

  /** The last write still held, if any. */
  last(): RecordedWrite | undefined {
    if (this.total === 0) return undefined;
    return this.at((this.next - 1 + this.capacity) % this.capacity);
  }

  private at(slot: number): RecordedWrite {
    return { pin: this.pins[slot]!, kind: kinds[this.kindIndex[slot]!]!, value: this.values[slot]!, at: this.ats[slot]! };
  }
}
