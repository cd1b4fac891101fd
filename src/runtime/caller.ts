import { AsyncLocalStorage } from 'node:async_hooks';

/** Who sent the frame a sketch is handling: the client's address and its connection. */
export interface Caller {
  readonly address: string;
  /** Unique per connection for the life of the process. */
  readonly connection: number;
}

const callers = new AsyncLocalStorage<Caller>();
let nextConnection = 1;

/** A caller for a new connection from `address`. */
export function newCaller(address: string): Caller {
  return { address, connection: nextConnection++ };
}

/** Runs `work` (a frame's loop()) as `caller`: whatever it starts knows who asked (see FairQueue). */
export function asCaller<T>(caller: Caller, work: () => T): T {
  return callers.run(caller, work);
}

/** The caller whose frame is being handled, or undefined outside one (the sketch's own work, a test). */
export function currentCaller(): Caller | undefined {
  return callers.getStore();
}
