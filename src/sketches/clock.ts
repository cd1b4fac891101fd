import { nonEmptyText, option } from '../schema.js';
import * as z from '../zod.js';
import { errorMessage } from '../errors.js';
import type { Reporter } from '../report/events.js';
import { errorReply, isErrorReply } from '../runtime/error-reply.js';
import { PeerLink, ReplyLostError, type PeerLinkOptions } from '../runtime/peer-link.js';
import { wallClock, type Clock } from '../time/clock.js';
import { TickTally, type ClockSummary } from './tick-tally.js';

export type { ClockSummary, TickResult } from './tick-tally.js';
import './tick-events.js';

/** How long a clock waits for each tick's acknowledgement: the iopin holds each bit (--hold) before it acknowledges. */
export const replyWithinOption = option(
  z.number().check(z.minimum(0.1), z.maximum(86_400)),
  10,
  "seconds to wait for each tick's acknowledgement (in a circuit, its iopin's bits × hold are added)",
  { placeholder: 'seconds' },
);

export const clockOptions = z.strictObject({
  target: option(nonEmptyText, 'iopin', 'node of the circuit to tick', { peer: true }),
  channel: option(nonEmptyText, '/datafeed', 'channel (URL path) to tick on', { placeholder: 'path' }),
  ticks: option(z.number().check(z.int(), z.minimum(0)), 5, 'number of ticks (0: until stopped)', { short: 't' }),
  delay: option(z.number().check(z.minimum(0)), 1, 'seconds between ticks', { placeholder: 'seconds', short: 'd' }),
  replyWithin: replyWithinOption,
});

export type ClockSettings = z.output<typeof clockOptions>;

export interface ClockOptions extends Pick<ClockSettings, 'ticks' | 'delay'> {
  /** The node ticked, e.g. "iopin". */
  target: string;
  /** Its URL including the channel (ws://127.0.0.1:8765/datafeed), or a function that finds it (asked on every reconnect). */
  url?: string | (() => Promise<string>);
  /** Or: makes the link to the target (e.g. one that finds it through a directory and sends the token it wants). */
  connect?: (options: PeerLinkOptions) => ClockLink;
  reporter: Reporter;
  /** The clock's name in output (several clocks can run at once). */
  name?: string;
  /** First tick number. */
  from?: number;
  link?: PeerLinkOptions;
  /** Stops the clock between ticks. */
  signal?: AbortSignal;
  /** Paces the ticks instead of sleeping `delay` between them (the live view pauses, resumes, ticks once). */
  pace?: ClockPace;
  /** The time it sleeps `delay` on (default: the wall's). */
  clock?: Clock;
}

/** What a clock needs of its link to the target (a PeerLink is one). */
export type ClockLink = Pick<PeerLink, 'exclusive' | 'close'>;

/** Waits between two ticks: `ms` is the clock's delay; resolves when the next tick may go. */
export interface ClockPace {
  wait(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The article's clock: sends the tick numbers 0, 1, … as text, waits for each acknowledgement,
 * prints both, and sleeps between ticks without blocking the event loop. A tick whose reply is lost
 * (no answer within the link's reply timeout, or the connection dropped) is a failed tick and the
 * clock goes on; a target that cannot be reached again ends it. Resolves with its counts
 * and its latest ticks only (see RECENT_TICKS), so a clock that ticks until stopped stays small.
 *
 * @example
 * const summary = await runClock({ target: 'iopin', url: 'ws://127.0.0.1:8765/datafeed', ticks: 5, delay: 0, reporter: silentReporter });
 * console.log(`${summary.acked} of ${summary.ticks} acknowledged`);
 */
export async function runClock(options: ClockOptions): Promise<ClockSummary> {
  const { reporter, ticks, delay } = options;
  const name = options.name ?? 'clock';
  const linkOptions: PeerLinkOptions = {
    onRetry: ({ peer, url, attempt, error }) => reporter.report(name, { event: 'waiting', peer, url, attempt, reason: error }),
    ...options.link,
  };
  if (!options.connect && options.url === undefined) throw new Error('runClock needs the target\'s url or a connect()');
  const link: ClockLink = options.connect ? options.connect(linkOptions) : new PeerLink(options.target, options.url!, linkOptions);
  const tally = new TickTally();
  try {
    const first = options.from ?? 0;
    for (let tick = first; ticks === 0 || tick < first + ticks; tick++) {
      if (options.signal?.aborted) break;
      reporter.report(name, { event: 'tick', tick, target: options.target });
      const reply = await link.exclusive((request) => request(String(tick))).catch(lostReplyAsError);
      const ok = !isErrorReply(reply);
      tally.record({ tick, reply, ok });
      reporter.report(name, ok ? { event: 'ack', tick, reply } : { event: 'error', scope: 'clock', tick, reply, error: reply });
      const last = ticks !== 0 && tick === first + ticks - 1;
      if (last) continue;
      if (options.pace) await options.pace.wait(delay * 1000, options.signal);
      else if (delay > 0) await (options.clock ?? wallClock).sleep(delay * 1000, options.signal).catch(() => undefined);
    }
  } catch (error) {
    reporter.report(name, { event: 'error', scope: 'clock', error: errorMessage(error) });
    throw error;
  } finally {
    await link.close();
  }
  return tally.summary();
}

/** A lost reply as the failed tick it is (`error: …`); any other failure still ends the clock. */
function lostReplyAsError(error: unknown): string {
  if (error instanceof ReplyLostError) return errorReply(error.message);
  throw error;
}
