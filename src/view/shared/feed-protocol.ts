/**
 * What travels from the view's server to the page, over server-sent events on `GET /feed`: one
 * `snapshot` first (everything the page needs to draw, built by the same `applyEvent` the page
 * uses), then `events` as they happen, in order, in batches. Shared by the server and the page.
 *
 * A page that reads too slowly is not waited for: the events it could not take are dropped, and
 * once it has caught up it gets `resync` (how many it missed) and a fresh snapshot.
 */
import type { ControlsState, EventBatch, ViewState } from './view-state.js';

export type FeedMessage =
  | { type: 'snapshot'; state: ViewState }
  | EventsMessage
  | { type: 'controls'; controls: ControlsState }
  | { type: 'resync'; dropped: number };

/** A batch of events on the wire (see EventBatch). */
export interface EventsMessage extends EventBatch {
  type: 'events';
}

/** `POST /control` body and reply. */
export interface ControlRequest {
  action: string;
  /** For `seek` (a replay): where to go, in ms into the recording. */
  at?: number;
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
