import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { EventSink, NodeEvent } from '../report/events.js';
import type { FeedMessage } from './shared/feed-protocol.js';
import type { ControlsState } from './shared/view-state.js';
import { OutgoingBatch } from './outgoing-batch.js';
import { applyEvent, emptyState, latenciesSince, type ViewLayout, type ViewState } from './shared/view-state.js';

export interface ViewFeedLimits {
  /** Bytes a page may leave unread on its socket before its events are dropped (it resyncs later). */
  maxUnread: number;
  /** Pages reading the feed at once; one more is answered 503. */
  maxClients: number;
  /**
   * A page that has missed events (it stopped reading, past `maxUnread`) for this long is cut,
   * freeing its slot: pages that never read cannot hold every slot forever. A page that reads
   * again reconnects on its own (EventSource) and gets a fresh snapshot.
   */
  maxStallMs: number;
  /** A comment line this often keeps proxies and the browser from timing the stream out. */
  keepAliveMs: number;
  /**
   * How often the pages are sent what happened (ms). A page draws at most 60 times a second; one
   * send every few ms instead of every event makes its cost (one serialisation, one socket write)
   * nearly nothing per tick, and off the tick's path.
   */
  flushMs: number;
  /** The same after a thinned send: the page could not follow every event anyway; fewer, fuller sends cost less. */
  thinnedFlushMs: number;
  /**
   * Events a send carries in full; a busier window sends the latest event of each kind and the
   * server's counters instead (OutgoingBatch). 100 a send is 4,000 events/s: far more than a
   * person can follow, far less than a circuit ticking flat out reports.
   */
  sendEvents: number;
}

const defaults: ViewFeedLimits = { maxUnread: 1 << 20, maxClients: 16, maxStallMs: 30_000, keepAliveMs: 15_000, flushMs: 25, thinnedFlushMs: 100, sendEvents: 100 };

interface FeedClient {
  response: ServerResponse;
  /** Events not sent to it since it fell behind (0 while it keeps up). */
  dropped: number;
  /** When it fell behind (performance.now() ms), while it is behind. */
  behindSince?: number;
}

/**
 * The view's feed: an EventSink on the session's reporter, and the pages reading it.
 *
 * On the circuit's path (`write`) it folds the event into the state (the next page's snapshot: a
 * few field writes) and, while a page reads, into the next send (a few map lookups): about 0.1 µs
 * an event, less than queueing it for later would cost. Nothing is serialised or written there:
 * every `flushMs` the pages get what happened, serialised once, within a budget of events
 * (OutgoingBatch), so the node never waits for a page. A page that leaves more than
 * `maxUnread` bytes unread misses batches (counted) until it drains, then gets `resync` and a
 * fresh snapshot: a slow or stuck page never grows memory.
 */
export class ViewFeed implements EventSink {
  /** Replaced whole only by restart() (a replay going back). */
  private current: ViewState;
  private readonly limits: ViewFeedLimits;
  private readonly outgoing: OutgoingBatch;
  private sendLater: NodeJS.Timeout | undefined;
  private nextSendMs: number;
  /** `state.settled` at the previous send: the latencies after it go with the next thinned one. */
  private settledAtSend = 0;
  private readonly clients = new Set<FeedClient>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(layout: ViewLayout, limits: Partial<ViewFeedLimits> = {}) {
    this.current = emptyState(layout);
    this.limits = { ...defaults, ...limits };
    this.outgoing = new OutgoingBatch(this.limits.sendEvents);
    this.nextSendMs = this.limits.flushMs;
    this.keepAlive = setInterval(() => {
      this.cutStalled();
      this.broadcastRaw(': keep-alive\n\n');
    }, this.limits.keepAliveMs).unref();
  }

  get state(): ViewState {
    return this.current;
  }

  /**
   * Starts the state over from `events` (each seen at its `t`), and sends every page the new
   * snapshot: a replay that goes back in time. What was not sent yet is dropped with the old state.
   */
  restart(events: ReadonlyArray<{ event: NodeEvent; t: number }>): void {
    const state = emptyState(this.current.layout);
    state.controls = this.current.controls;
    for (const { event, t } of events) applyEvent(state, event, t);
    state.now = Math.round(performance.now() * 1000) / 1000;
    this.outgoing.take();
    this.current = state;
    this.settledAtSend = state.settled;
    this.broadcast({ type: 'snapshot', state });
  }

  /** The circuit's path: the fold, and a send made due. */
  write(event: NodeEvent): void {
    // To the µs, as every time the view keeps: shorter to send, and nothing it draws needs more.
    const t = Math.round(performance.now() * 1000) / 1000;
    applyEvent(this.state, event, t);
    if (this.clients.size === 0) return;
    this.outgoing.add(event, t);
    this.sendLater ??= setTimeout(() => this.send(), this.nextSendMs);
  }

  /** The controls changed (clock paused, cable pulled…): into the state and to every page. */
  setControls(controls: ControlsState): void {
    this.state.controls = controls;
    this.broadcast({ type: 'controls', controls });
  }

  /** Pages reading now, the most bytes one has left unread, and the events not sent to pages that fell behind. */
  stats(): { clients: number; maxUnread: number; dropping: number } {
    let maxUnread = 0;
    let dropping = 0;
    for (const client of this.clients) {
      maxUnread = Math.max(maxUnread, client.response.writableLength);
      dropping += client.dropped;
    }
    return { clients: this.clients.size, maxUnread, dropping };
  }

  /** Makes `response` a page's feed: the headers, the snapshot, then every batch. False when full. */
  attach(response: ServerResponse): boolean {
    if (this.clients.size >= this.limits.maxClients) this.cutStalled();
    if (this.clients.size >= this.limits.maxClients) return false;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    // What the others were not sent yet is in the state already: it goes to them first, so this
    // page's snapshot is followed by exactly the events after it.
    this.send();
    const client: FeedClient = { response, dropped: 0 };
    this.clients.add(client);
    response.on('close', () => this.clients.delete(client));
    response.on('drain', () => this.caughtUp(client));
    response.write(`retry: 1000\n\n${frame({ type: 'snapshot', state: this.state })}`);
    return true;
  }

  /** Ends every page's feed (the command is stopping). */
  close(): void {
    clearInterval(this.keepAlive);
    if (this.sendLater) clearTimeout(this.sendLater);
    for (const client of this.clients) client.response.end();
    this.clients.clear();
  }

  /** Sends what happened now rather than at the next flush (tests; the flush timer does it otherwise). */
  flushNow(): void {
    this.send();
  }

  /** Sends the window's events to every page: in full, or thinned with the server's counters. */
  private send(): void {
    if (this.sendLater) clearTimeout(this.sendLater);
    this.sendLater = undefined;
    const batch = this.outgoing.take();
    const since = this.settledAtSend;
    // Always: a page attaching after this send has every latency so far in its snapshot.
    this.settledAtSend = this.state.settled;
    this.nextSendMs = batch && batch.skipped > 0 ? this.limits.thinnedFlushMs : this.limits.flushMs;
    if (!batch) return;
    const { events, times, skipped } = batch;
    if (skipped === 0) {
      this.broadcast({ type: 'events', events, times });
      return;
    }
    const { health, pending, settled } = this.state;
    this.broadcast({ type: 'events', events, times, thinned: { skipped, health, pending, latencies: latenciesSince(this.state, since), settled } });
  }

  private broadcast(message: FeedMessage): void {
    if (this.clients.size === 0) return;
    const text = frame(message);
    const count = message.type === 'events' ? message.events.length + (message.thinned?.skipped ?? 0) : 0;
    for (const client of this.clients) {
      if (client.dropped > 0 || client.response.writableLength > this.limits.maxUnread) {
        client.dropped += Math.max(count, 1);
        client.behindSince ??= performance.now();
        continue;
      }
      client.response.write(text);
    }
    this.cutStalled();
  }

  /** Cuts the pages that have been behind for longer than `maxStallMs`: their slots are free again. */
  private cutStalled(): void {
    const now = performance.now();
    for (const client of this.clients) {
      if (client.behindSince === undefined || now - client.behindSince < this.limits.maxStallMs) continue;
      this.clients.delete(client);
      client.response.destroy();
    }
  }

  private broadcastRaw(text: string): void {
    for (const client of this.clients) if (client.dropped === 0) client.response.write(text);
  }

  private caughtUp(client: FeedClient): void {
    if (client.dropped === 0 || !this.clients.has(client)) return;
    this.send();
    const dropped = client.dropped;
    client.dropped = 0;
    client.behindSince = undefined;
    client.response.write(frame({ type: 'resync', dropped }) + frame({ type: 'snapshot', state: this.state }));
  }
}

/** One server-sent event: a `data:` line (JSON has no raw newlines) and a blank line. */
function frame(message: FeedMessage): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}
