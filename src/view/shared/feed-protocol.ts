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

/** An event as the view saw it: `t` is the server's monotonic clock in ms (sub-ms resolution). */
export type FeedEvent = NodeEvent & { t: number };

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
  | { type: 'events'; events: FeedEvent[] }
  | { type: 'controls'; controls: ControlsState }
  | { type: 'resync'; dropped: number };

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
}

/** `POST /session` body: the one-time key from the printed link, or the mesh token pasted. */
export type SignInRequest = { key: string } | { token: string };
