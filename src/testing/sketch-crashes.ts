/**
 * A mistake in a sketch's own background work (a loop setup() started and nothing awaits, `void
 * this.track()`, writing a duty of 256) reaches the process as an unhandled rejection or an uncaught
 * exception, with no call of the test on its stack. Here it goes to the bench running that sketch,
 * blamed as `pinmesh run` blames it (blameSketch: the sketch's file and line), so that the test or
 * the scenario running then fails with that one line, instead of the process dying with a stack of
 * pinmesh's bundled chunks.
 *
 * What such an error does to the process stays its owner's choice: a bench listens to the process
 * only where something else already does (node:test's or vitest's harness, `pinmesh test`, which
 * asks claimSketchCrash() first), so a program with no handler of its own still crashes on an error
 * no bench claims, as it would without pinmesh/testing. A test runner reports such an error itself,
 * failing the test running then with it before the bench's call can reject: so the error a bench
 * claims is made to say what the bench says (its message and its stack's first line), the bench
 * hearing it first.
 */
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { blameSketch, SketchError } from '../runtime/sketch-error.js';

/** A running bench, as a crash finds it. */
export interface CrashWatcher {
  /** The sketch file it runs (absolute); undefined for a built-in, a class or a circuit. */
  readonly sketchFile: string | undefined;
  crashed(error: UserError): void;
}

type ProcessEvent = 'unhandledRejection' | 'uncaughtException';

// Bound: the benches running at once.
const watchers = new Set<CrashWatcher>();
/** Errors already given to a bench: each is told once, whichever listener hears it first. */
const claimed = new WeakSet<object>();
const listening = new Map<ProcessEvent, (error: unknown) => void>();

/** Tells `watcher` its sketch's crashes until the returned function is called. */
export function watchSketchCrashes(watcher: CrashWatcher): () => void {
  watchers.add(watcher);
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    if (listening.has(event) || process.listenerCount(event) === 0) continue;
    const listener = (error: unknown) => void claimSketchCrash(error);
    listening.set(event, listener);
    // The same call twice: Node's typings have one overload per event name, none for the union.
    if (event === 'unhandledRejection') process.prependListener(event, listener);
    else process.prependListener(event, listener);
  }
  return () => {
    watchers.delete(watcher);
    if (watchers.size > 0) return;
    for (const [event, listener] of listening) process.off(event, listener);
    listening.clear();
  };
}

/**
 * Gives `error` to the bench whose sketch raised it (by its file; the one bench running, for an error
 * that names no file, or a circuit's sketch); whether one took it. Only the person's mistakes are
 * taken: an error from their sketch file, or a UserError.
 */
export function claimSketchCrash(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && claimed.has(error)) return true;
  const blamed = blameSketch(error, 'while running') ?? (error instanceof UserError ? error : undefined);
  if (!blamed) return false;
  const file = blamed instanceof SketchError ? resolve(blamed.file) : undefined;
  const running = [...watchers];
  const its = running.filter((watcher) => file !== undefined && watcher.sketchFile === file);
  const told = its.length > 0 ? its : running.length === 1 ? running : [];
  if (told.length === 0) return false;
  claimed.add(error as object);
  if (blamed !== error) sayBlamed(error as Error, blamed.message);
  for (const watcher of told) watcher.crashed(blamed);
  return true;
}

/** `error` says `message` (a test runner shows it, not the bench's SketchError). */
function sayBlamed(error: Error, message: string): void {
  const said = error.message;
  try {
    error.message = message;
    if (typeof error.stack === 'string') error.stack = error.stack.replace(said, message);
  } catch {
    // A frozen error keeps its words; the bench's calls still say them.
  }
}
