/**
 * What travels from the view's server to the page, over server-sent events on `GET /feed`: one
 * `snapshot` first (everything the page needs to draw, built by the same `applyEvent` the page
 * uses), then `events` as they happen, in order, in batches. Shared by the server and the page.
 *
 * A page that reads too slowly is not waited for: the events it could not take are dropped, and
 * once it has caught up it gets `resync` (how many it missed) and a fresh snapshot.
 */
import type { NodeEvent } from '../../report/event-types.js';
import type { ViewState } from './view-state.js';

/** The controls' state, sent with the snapshot and again on each change. */
export interface ControlsState {
  /** Actions the page may ask for (`POST /control`), with their button labels, in order. */
  actions: Array<{ action: string; label: string }>;
  /** The clock: ticking, paused, done (its ticks were all sent), or there is none in this process. */
  clock: 'running' | 'paused' | 'done' | 'none';
  /** The simulated Uno's USB cable, or none to pull. */
  cable: 'plugged' | 'unplugged' | 'none';
}

export type FeedMessage =
  | { type: 'snapshot'; state: ViewState }
  | EventsMessage
  | { type: 'controls'; controls: ControlsState }
  | { type: 'resync'; dropped: number };

/**
 * Events in the order they happened, as the node reported them (sent as they are, not copied),
 * and `times[i]`: when the view saw `events[i]`, on the server's monotonic clock in ms. When the
 * circuit ran faster than the feed's budget, `thinned` says so (see OutgoingBatch).
 */
export interface EventsMessage {
  type: 'events';
  events: NodeEvent[];
  times: number[];
  thinned?: Thinned;
}

/**
 * A thinned batch carries only the latest event of each kind, which ends the page on the right
 * pins, tones, board and last ticks; what the left-out events counted comes as the server's own
 * figures, which the page takes after it folds the batch (see applyBatch).
 */
export interface Thinned {
  /** Events of the window that were not sent. */
  skipped: number;
  health: ViewState['health'];
  pending: ViewState['pending'];
  /** The tick → ack latencies added since the previous batch (newest last), and the count of all so far. */
  latencies: number[];
  settled: number;
}

/** `POST /control` body and reply. */
export interface ControlRequest {
  action: string;
}
export interface ControlReply {
  ok: boolean;
  message: string;
}

/** `GET /session`: whether the page must sign in (the mesh has a token) and whether it has. */
export interface SessionStatus {
  required: boolean;
  signedIn: boolean;
  /** After `POST /session` only: the key the page sends as `X-Pinmesh-Control` (view-access.ts). */
  controlKey?: string;
}

/** `POST /session` body: the one-time key from the printed link, or the mesh token pasted. */
export type SignInRequest = { key: string } | { token: string };
