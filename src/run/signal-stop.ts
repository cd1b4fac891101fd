/**
 * A program's run stopped by Ctrl-C (or a kill) as the `pinmesh` command is: outputs LOW first.
 *
 * Node ends a program on SIGINT, SIGTERM or SIGHUP at once when nothing listens for the signal, and
 * a real board keeps its pins as they were: an LED lit, a piezo sounding. While a run that opened a
 * board is under way, these handlers stand in for that default: the run is stopped and closed (every
 * output LOW, the piezos silent), then the signal is raised again with nothing listening, so the
 * program ends the way it would have (a shell sees 130 for Ctrl-C).
 *
 * A program that listens for the signal itself has taken the decision: it is left to its handler
 * (which may call the run's stop()).
 */

import { constants } from 'node:os';

/** The signals that end a Node program by default and that a person sends to stop one. */
export const stoppingSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How long the run's work in flight (a tick) may take before it is closed all the same. */
export const SIGNAL_GRACE_MS = 3_000;

/** What a signal stops: a run's session. */
export interface StoppableRun {
  /** Asks the run to stop: clocks end after the tick on its way. */
  requestStop(): void;
  /** Settles when the run's work in flight is over. */
  workSettled(): Promise<void>;
  /** Closes everything opened, the boards last with every output LOW. */
  close(): Promise<void>;
}

/** The runs under way in this process that a stopping signal stops, each with its grace. */
const runs = new Map<StoppableRun, number>();
/** Set by the first stopping signal: the runs are being closed, the process ends after. */
let stopping = false;

/**
 * Stops and closes `run` on the first stopping signal that nothing else in the program listens for,
 * then ends the process with that signal. Returns the function that takes it off again (the run
 * closed by itself).
 *
 * One handler a signal for every run of the process: a program serving two nodes one by one (a
 * buzzer, then an iopin) has two runs, and with a handler each, each saw the other's as the
 * program's own and left the signal to it. Ctrl-C then did nothing at all, the outputs kept as
 * they were, and an eleventh run made Node warn of a listener leak.
 */
export function stopOnSignals(run: StoppableRun, graceMs = SIGNAL_GRACE_MS): () => void {
  if (runs.size === 0 && !stopping) for (const signal of stoppingSignals) process.on(signal, onSignal);
  runs.set(run, graceMs);
  return () => {
    if (!runs.delete(run) || runs.size > 0 || stopping) return;
    for (const signal of stoppingSignals) process.off(signal, onSignal);
  };
}

function onSignal(signal: (typeof stoppingSignals)[number]): void {
  if (stopping) return; // A second Ctrl-C while closing: the outputs are being made safe, go on.
  if (process.listenerCount(signal) > 1) return; // The program's own handler decides.
  stopping = true;
  const closing = [...runs].map(async ([run, graceMs]) => {
    run.requestStop();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    try {
      await Promise.race([run.workSettled(), grace]);
    } finally {
      clearTimeout(timer);
    }
    await run.close();
  });
  void Promise.allSettled(closing).finally(() => {
    for (const each of stoppingSignals) process.off(each, onSignal);
    endBy(signal);
  });
}

/** Ends the process as the signal would have, with nothing listening; where it cannot be sent again (Windows), with its exit code. */
function endBy(signal: (typeof stoppingSignals)[number]): void {
  try {
    process.kill(process.pid, signal);
  } catch {
    process.exit(128 + constants.signals[signal]);
  }
}
