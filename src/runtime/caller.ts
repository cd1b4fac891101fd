/** Who sent the frame a sketch is handling: the client's address and its connection. */
export interface Caller {
  readonly address: string;
  /** Unique per connection for the life of the process. */
  readonly connection: number;
}

let nextConnection = 1;
/** The caller whose work is running now (synchronously), if any. */
let current: Caller | undefined;

/** A caller for a new connection from `address`. */
export function newCaller(address: string): Caller {
  return { address, connection: nextConnection++ };
}

/**
 * Runs `work` (a frame's loop()) as `caller`: what `work` does before it first awaits knows who
 * asked (see FairQueue, which loop() enters synchronously). The caller is not carried across an
 * `await`: AsyncLocalStorage would carry it, but on Node 20 it turns on promise hooks for every
 * promise of the process, which cost the circuit about a third of its tick → ack time.
 */
export function asCaller<T>(caller: Caller, work: () => T): T {
  const before = current;
  current = caller;
  try {
    return work();
  } finally {
    current = before;
  }
}

/** The caller whose frame is being handled (synchronously, see asCaller), or undefined outside one (the sketch's own work, a test). */
export function currentCaller(): Caller | undefined {
  return current;
}
