/**
 * Letting the host's own work run to a standstill: the event loop turns until it has turned
 * `quietTurns` times in a row with nothing new (sockets on 127.0.0.1, promises, board writes; what
 * `activity()` counts), `each()` running after every turn (the timers due now fire there).
 * VirtualClock settles this way before it moves time; the simulated Uno in lockstep before its MCU
 * runs on.
 */

// Taken at load: a test that fakes the global timers (vi.useFakeTimers) must not stop the settling.
const realImmediate = globalThis.setImmediate;
const realTimeout = globalThis.setTimeout;
const nextTurn = () => new Promise<void>((resolve) => realImmediate(resolve));
/** A real millisecond wait, whatever a test did to the global timers. */
export const realMs = (ms: number) => new Promise<void>((resolve) => realTimeout(resolve, ms));

/**
 * `busy()`, asked once the loop is quiet: work the loop does not see turning (a file read on the
 * thread pool: a module the sketch imports late), waited for a real millisecond at a time.
 */
export async function settleHost(activity: () => number, quietTurns: number, each: () => void, busy?: () => boolean): Promise<void> {
  let quiet = 0;
  let seen = activity();
  for (;;) {
    while (quiet < quietTurns) {
      await nextTurn();
      each();
      if (activity() !== seen) {
        seen = activity();
        quiet = 0;
      } else quiet++;
    }
    if (!busy?.()) return;
    await realMs(1);
    quiet = 0;
  }
}

/** One-shot requests of this process in flight (file system, DNS, a socket's connect or write), not its open handles. */
const request = /Req|^(Write|Shutdown|Connect|TCPConnect|PipeConnect)Wrap$/;

/** True while this process waits on a request (process.getActiveResourcesInfo(): Node ≥ 17). */
export function requestsInFlight(): boolean {
  return process.getActiveResourcesInfo().some((name) => request.test(name));
}
