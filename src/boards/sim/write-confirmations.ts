/**
 * Matches writes to what the MCU then shows, by event, in write order, one queue a pin.
 *
 * A pin's state is a key ('level:1', 'pwm:128', …). A write expects a key. The firmware runs the
 * writes in the order they were sent, so the pin's sequence of states is the sequence of expected
 * keys with repeats removed: a write that expects a change is confirmed by the next change to its
 * key (seen at once, however many writes are in flight, even if later writes change the pin again
 * within the same CPU turn); a write that expects the state the pin will already be in is
 * confirmed once its bytes reached the MCU and the writes before it are confirmed. Changes to
 * other keys (a register on its way, a foreign write) are passed over. A write is never confirmed
 * before its bytes have reached the MCU, and one the MCU does not show within `withinMs` of
 * simulated time after they did is rejected.
 */
interface Pending {
  expected: string;
  changes: boolean;
  seenAt: number | undefined;
  landedAt: number | undefined;
  resolve(confirmed: Confirmed): void;
  reject(error: Error): void;
}

/** A write the MCU showed: when, and whether it changed the pin (false: the pin already was so). */
export interface Confirmed {
  at: number;
  changed: boolean;
}

export interface ConfirmationsOptions {
  /** Simulated ms now. */
  now(): number;
  /** Simulated ms the MCU gets to show a write once its bytes arrived. */
  withinMs: number;
  /** The error for a write the MCU never showed. */
  timeout(pin: number, expected: string): Error;
}

export class WriteConfirmations {
  /** Bound: one queue per pin written; each holds the writes not confirmed yet (each settles or times out). */
  private readonly queues = new Map<number, Pending[]>();
  /** The key each pin will be in once its queued writes ran. */
  private readonly predicted = new Map<number, string>();

  constructor(private readonly options: ConfirmationsOptions) {}

  get pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  /**
   * A write was just sent (call in send order): resolves with the simulated ms the pin showed
   * `expected` (for a write that changed nothing, the ms its bytes had reached the MCU and the writes
   * before it were confirmed), and whether it changed the pin. `current` is the pin's key now;
   * `landed` resolves once the write's bytes reached the MCU.
   */
  expect(pin: number, expected: string, current: string, landed: Promise<void>): Promise<Confirmed> {
    let queue = this.queues.get(pin);
    if (!queue) this.queues.set(pin, (queue = []));
    const before = queue.length > 0 ? this.predicted.get(pin)! : current;
    this.predicted.set(pin, expected);
    return new Promise<Confirmed>((resolve, reject) => {
      const entry: Pending = { expected, changes: expected !== before, seenAt: undefined, landedAt: undefined, resolve, reject };
      queue.push(entry);
      landed.then(
        () => {
          entry.landedAt = this.options.now();
          this.settle(pin);
        },
        (error: Error) => this.drop(pin, entry, error),
      );
    });
  }

  /** The pin is now in state `key` (call on every change, at once). */
  changed(pin: number, key: string, at: number): void {
    const queue = this.queues.get(pin);
    if (!queue) return;
    const next = queue.find((entry) => entry.changes && entry.seenAt === undefined);
    if (!next || next.expected !== key) return;
    next.seenAt = at;
    this.settle(pin);
  }

  /** Rejects the writes whose bytes arrived more than `withinMs` ago and that the MCU never showed. */
  expire(): void {
    const now = this.options.now();
    for (const [pin, queue] of this.queues) {
      const head = queue[0];
      if (head?.landedAt !== undefined && now - head.landedAt > this.options.withinMs) {
        this.drop(pin, head, this.options.timeout(pin, head.expected));
      }
    }
  }

  /** Every write in flight fails (the MCU lost power or was reset). */
  failAll(error: Error): void {
    const queues = [...this.queues.values()];
    this.queues.clear();
    this.predicted.clear();
    for (const queue of queues) for (const entry of queue) entry.reject(error);
  }

  private settle(pin: number): void {
    const queue = this.queues.get(pin);
    if (!queue) return;
    while (queue.length > 0) {
      const head = queue[0]!;
      if (head.landedAt === undefined) break;
      if (head.changes && head.seenAt === undefined) break;
      queue.shift();
      head.resolve({ at: head.seenAt ?? this.options.now(), changed: head.changes });
    }
    if (queue.length === 0) {
      this.queues.delete(pin);
      this.predicted.delete(pin);
    }
  }

  private drop(pin: number, entry: Pending, error: Error): void {
    const queue = this.queues.get(pin);
    const index = queue?.indexOf(entry) ?? -1;
    if (index < 0) return;
    queue!.splice(index, 1);
    entry.reject(error);
    this.settle(pin);
  }
}
