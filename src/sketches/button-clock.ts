import { nonEmptyText, option } from '../schema.js';
import * as z from '../zod.js';
import { Button, BUTTON_DEBOUNCE_MS } from '../devices/button.js';
import { errorMessage } from '../errors.js';
import type { Reporter } from '../report/events.js';
import type { PeerLinkOptions } from '../runtime/peer-link.js';
import { replyWithinOption, type ClockLink } from './clock.js';
import { TickTally, type ClockSummary } from './tick-tally.js';
import { errorReply, isErrorReply } from '../runtime/error-reply.js';
import './button-clock-events.js';
import './tick-events.js';
import { pinOption } from './pin-option.js';

export const buttonClockOptions = z.strictObject({
  target: option(nonEmptyText, 'iopin', 'node of the circuit to tick', { peer: true }),
  channel: option(nonEmptyText, '/datafeed', 'channel (URL path) to tick on', { placeholder: 'path' }),
  pin: pinOption('digital-in', 2, 'pin of the push button (wired to GND, read with the pull-up)'),
  debounce: option(z.number().check(z.minimum(0), z.maximum(1000)), BUTTON_DEBOUNCE_MS, 'ms a contact may bounce after a change', { placeholder: 'ms' }),
  presses: option(z.number().check(z.int(), z.minimum(0)), 0, 'number of presses to tick for (0: until stopped)'),
  replyWithin: replyWithinOption,
});

export type ButtonClockSettings = z.output<typeof buttonClockOptions>;

/** The board a button clock reads: what a node's `this.board` is (attach claims the pin for the clock). */
export interface ButtonBoard {
  attach(device: typeof Button, pin: number, options?: { debounceMs?: number }): Button;
}

export interface ButtonClockOptions {
  /** The node ticked, e.g. "iopin". */
  target: string;
  /** Makes the link to the target (the clock's own, see runClockNode). */
  connect: (options: PeerLinkOptions) => ClockLink;
  board: ButtonBoard;
  pin: number;
  debounceMs?: number;
  /** Presses to tick for; 0: until `signal` aborts. */
  presses: number;
  reporter: Reporter;
  name?: string;
  link?: PeerLinkOptions;
  signal?: AbortSignal;
}

/** Presses waiting for their tick's ack beyond this are refused (a flapping contact, not a finger). */
const MAX_WAITING_TICKS = 16;

/**
 * A push button as the clock: every debounced press sends the next tick (0, 1, …) to the target
 * and waits for its acknowledgement, reported with the clock's own `tick` and `ack` events. Presses
 * made while a tick is still on its way are ticked in turn. Resolves once `presses` presses were
 * ticked and acknowledged (or refused), or when `signal` aborts, with the counts and the latest
 * ticks only (see RECENT_TICKS).
 *
 * @example
 * const board = new NodeBoard(new MockBoard(), 'button', silentReporter);
 * const summary = await runButtonClock({ target: 'iopin', connect: (o) => new PeerLink('iopin', 'ws://127.0.0.1:8765/datafeed', o), board, pin: 2, presses: 3, reporter: silentReporter });
 */
export async function runButtonClock(options: ButtonClockOptions): Promise<ClockSummary> {
  const { reporter, target, presses } = options;
  const name = options.name ?? 'button';
  const link = options.connect({
    onRetry: ({ peer, url, attempt, error }) => reporter.report(name, { event: 'waiting', peer, url, attempt, reason: error }),
    ...options.link,
  });
  const button = options.board.attach(Button, options.pin, { debounceMs: options.debounceMs });
  const tally = new TickTally();
  let pressed = 0;
  let waiting = 0;
  let ticking = Promise.resolve();
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const aborted = () => finish();
  options.signal?.addEventListener('abort', aborted, { once: true });

  const tick = async (number: number): Promise<void> => {
    reporter.report(name, { event: 'tick', tick: number, target });
    try {
      const reply = await link.exclusive((request) => request(String(number)));
      const ok = !isErrorReply(reply);
      tally.record({ tick: number, reply, ok });
      reporter.report(name, ok ? { event: 'ack', tick: number, reply } : { event: 'error', scope: 'clock', tick: number, reply, error: reply });
    } catch (error) {
      // The target could not be reached: this press is lost, the next one tries again.
      tally.record({ tick: number, reply: errorReply(errorMessage(error)), ok: false });
      reporter.report(name, { event: 'error', scope: 'clock', tick: number, error: errorMessage(error) });
    }
  };

  button.on('press', () => {
    if (presses !== 0 && pressed >= presses) return;
    if (waiting >= MAX_WAITING_TICKS) {
      reporter.report(name, { event: 'error', scope: 'clock', error: `press ignored: ${MAX_WAITING_TICKS} ticks are already waiting for ${target}` });
      return;
    }
    const number = pressed++;
    waiting++;
    ticking = ticking.then(() => tick(number)).finally(() => waiting--);
    if (presses !== 0 && pressed === presses) void ticking.then(finish);
  });

  try {
    await button.start(); // a button held down now makes no press until it is let go
    if (!options.signal?.aborted) {
      reporter.report(name, { event: 'armed', pin: options.pin, target, presses });
      await finished;
    }
  } finally {
    options.signal?.removeEventListener('abort', aborted);
    button.stop();
    await ticking;
    await link.close();
  }
  return tally.summary();
}

