import { asCaller, currentCaller } from './caller.js';

interface Job {
  run(): Promise<void>;
}

/** The sketch's own work (no client asked for it) takes its turn as one more party. */
const OWN = { address: '', connection: 0 };

/**
 * Runs async jobs one at a time, like SerialQueue, for a resource the whole node shares (the
 * board), but in turns: round-robin across the client addresses that have jobs waiting, and
 * within an address across its connections; one connection's jobs keep their order. So however
 * many connections keep a job waiting, a client from another address waits for at most one job
 * of each other busy address (and the one running) before its own: a bounded multiple of its own
 * work. Clients sharing an address (every process of this machine is 127.0.0.1) share its turns.
 * Who queued a job is the caller of the frame whose loop() called run() (src/runtime/caller.ts).
 */
export class FairQueue {
  /** Bound: one entry per address, and per connection, with a job waiting (at most one job per connection while a node serves each connection's frames in order); emptied as they run. */
  private readonly waiting = new Map<string, Map<number, Job[]>>();
  private busy = false;

  run<T>(job: () => Promise<T> | T): Promise<T> {
    const caller = currentCaller();
    const { address, connection } = caller ?? OWN;
    return new Promise<T>((resolve, reject) => {
      const queued: Job = {
        run: async () => {
          try {
            resolve(await (caller ? asCaller(caller, job) : job())); // in its own caller's context, not the one that started the turns
          } catch (error) {
            reject(error);
          }
        },
      };
      const connections = this.waiting.get(address) ?? new Map<number, Job[]>();
      this.waiting.set(address, connections);
      const jobs = connections.get(connection) ?? [];
      connections.set(connection, jobs);
      jobs.push(queued);
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    for (let next = this.take(); next; next = this.take()) await next.run();
    this.busy = false;
  }

  /** The next job in turn; its connection and its address go to the back of their lines. */
  private take(): Job | undefined {
    const [address, connections] = this.waiting.entries().next().value ?? [];
    if (address === undefined || !connections) return undefined;
    const [connection, jobs] = connections.entries().next().value!;
    const job = jobs.shift()!;
    connections.delete(connection);
    if (jobs.length > 0) connections.set(connection, jobs);
    this.waiting.delete(address);
    if (connections.size > 0) this.waiting.set(address, connections);
    return job;
  }
}
