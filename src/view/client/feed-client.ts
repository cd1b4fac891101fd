import type { FeedMessage } from '../shared/feed-protocol.js';

export type FeedStatus = 'connecting' | 'live' | 'lost' | 'refused';

/**
 * The feed, read with the browser's EventSource: it reconnects by itself when the connection
 * drops, and every (re)connection starts with a fresh snapshot. When the server refuses (401 once
 * a session is gone), EventSource gives up and so do we, saying so.
 */
export function openFeed(onMessage: (message: FeedMessage) => void, onStatus: (status: FeedStatus) => void): () => void {
  const source = new EventSource('/feed');
  onStatus('connecting');
  source.onopen = () => onStatus('live');
  source.onerror = () => onStatus(source.readyState === EventSource.CLOSED ? 'refused' : 'lost');
  source.onmessage = (event: MessageEvent<string>) => onMessage(JSON.parse(event.data) as FeedMessage);
  return () => source.close();
}
