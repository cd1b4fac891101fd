import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { EventSink, NodeEvent } from '../report/events.js';
import type { ControlsState, FeedEvent, FeedMessage } from './shared/feed-protocol.js';
import { applyEvent, emptyState, type ViewLayout, type ViewState } from './shared/view-state.js';

export interface ViewFeedLimits {
  /** Events waiting for the next flush; beyond it they are dropped and counted (a stalled event loop). */
  maxBuffered: number;
  /** Bytes a page may leave unread on its socket before its events are dropped (it resyncs later). */
  maxUnread: number;
  /** Pages reading the feed at once; one more is answered 503. */
  maxClients: number;
  /** A comment line this often keeps proxies and the browser from timing the stream out. */
  keepAliveMs: number;
  /**
   * How long events gather before a flush (ms). A page draws at most 60 times a second; flushing
   * every few ms instead of every turn of the event loop makes the view's cost (one fold, one
   * serialisation and one socket write a batch) nearly nothing per tick, and off the tick's path.
   */
  flushMs: number;
}

const defaults: ViewFeedLimits = { maxBuffered: 10_000, maxUnread: 1 << 20, maxClients: 16, keepAliveMs: 15_000, flushMs: 25 };

interface FeedClient {
  response: ServerResponse;
  /** Events not sent to it since it fell behind (0 while it keeps up). */
  dropped: number;
}

/**
 * The view's feed: an EventSink on the session's reporter, and the pages reading it.
 *
 * On the circuit's path (`write`) it only appends to a bounded buffer and, when none is due,
 * schedules a flush `flushMs` later: the node never waits for the view. The flush, later, folds the
 * batch into the state (the next page's snapshot) and writes it once, serialized once, to every
 * page. A page that leaves more than `maxUnread` bytes unread misses batches (counted) until it
 * drains, then gets `resync` and a fresh snapshot: a slow or stuck page never grows memory.
 */
export class ViewFeed implements EventSink {
  readonly state: ViewState;
  private readonly limits: ViewFeedLimits;
  private buffer: NodeEvent[] = [];
  private times: number[] = [];
  private flushing: NodeJS.Timeout | undefined;
  private readonly clients = new Set<FeedClient>();
  private readonly keepAlive: NodeJS.Timeout;
  /** Events dropped before they reached the state (the buffer was full). */
  droppedBeforeFlush = 0;

  constructor(layout: ViewLayout, limits: Partial<ViewFeedLimits> = {}) {
    this.state = emptyState(layout);
    this.limits = { ...defaults, ...limits };
    this.keepAlive = setInterval(() => this.broadcastRaw(': keep-alive\n\n'), this.limits.keepAliveMs).unref();
  }

  /** The circuit's path: a bounded append, nothing else. */
  write(event: NodeEvent): void {
    if (this.buffer.length >= this.limits.maxBuffered) {
      this.droppedBeforeFlush++;
      return;
    }
    this.buffer.push(event);
    this.times.push(performance.now());
    this.flushing ??= setTimeout(() => this.sendBatch(), this.limits.flushMs);
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
    if (this.clients.size >= this.limits.maxClients) return false;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    const client: FeedClient = { response, dropped: 0 };
    this.clients.add(client);
    response.on('close', () => this.clients.delete(client));
    response.on('drain', () => this.caughtUp(client));
    // Events still in the buffer reach this page with the next flush, after the snapshot.
    response.write(`retry: 1000\n\n${frame({ type: 'snapshot', state: this.state })}`);
    return true;
  }

  /** Ends every page's feed (the command is stopping). */
  close(): void {
    clearInterval(this.keepAlive);
    if (this.flushing) clearTimeout(this.flushing);
    for (const client of this.clients) client.response.end();
    this.clients.clear();
  }

  /** Sends what is buffered now rather than at the next flush (tests; the flush timer does it otherwise). */
  flushNow(): void {
    if (this.flushing) clearTimeout(this.flushing);
    this.sendBatch();
  }

  private sendBatch(): void {
    this.flushing = undefined;
    const batch = this.buffer;
    const times = this.times;
    this.buffer = [];
    this.times = [];
    const events: FeedEvent[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const event = { ...batch[i]!, t: times[i]! } as FeedEvent;
      applyEvent(this.state, event);
      events[i] = event;
    }
    this.broadcast({ type: 'events', events });
  }

  private broadcast(message: FeedMessage): void {
    if (this.clients.size === 0) return;
    const text = frame(message);
    const count = message.type === 'events' ? message.events.length : 0;
    for (const client of this.clients) {
      if (client.dropped > 0 || client.response.writableLength > this.limits.maxUnread) {
        client.dropped += Math.max(count, 1);
        continue;
      }
      client.response.write(text);
    }
  }

  private broadcastRaw(text: string): void {
    for (const client of this.clients) if (client.dropped === 0) client.response.write(text);
  }

  private caughtUp(client: FeedClient): void {
    if (client.dropped === 0 || !this.clients.has(client)) return;
    const dropped = client.dropped;
    client.dropped = 0;
    client.response.write(frame({ type: 'resync', dropped }) + frame({ type: 'snapshot', state: this.state }));
  }
}

/** One server-sent event: a `data:` line (JSON has no raw newlines) and a blank line. */
function frame(message: FeedMessage): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}
