import type { FeedMessage } from '../shared/feed-protocol.js';

export type FeedStatus = 'connecting' | 'live' | 'lost' | 'refused';

/**
 * The feed, read with the browser's EventSource: it reconnects by itself when the connection
 * drops, and every (re)connection starts with a fresh snapshot. When the server refuses (401 once
 * a session is gone), EventSource gives up and so do we, saying so. A message is proof the feed is
 * live, so the first one says so too (a browser may report `open` late, or with the message).
 */
export function openFeed(onMessage: (message: FeedMessage) => void, onStatus: (status: FeedStatus) => void): () => void {
  const source = new EventSource('/feed');
  let status: FeedStatus = 'connecting';
  const say = (next: FeedStatus) => {
    status = next;
    onStatus(next);
  };
  say('connecting');
  source.onopen = () => say('live');
  source.onerror = () => say(source.readyState === EventSource.CLOSED ? 'refused' : 'lost');
  source.onmessage = (event: MessageEvent<string>) => {
    if (status !== 'live') say('live');
    onMessage(JSON.parse(event.data) as FeedMessage);
  };
  return () => source.close();
}
