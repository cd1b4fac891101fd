import { errorMessage } from '../../errors.js';
import { HandshakeTimedOut, isConnectionRefused } from '../../net/ws-client.js';
import { BoardOfflineError } from '../board.js';

/** Nothing listens at the board node's address: start it, or fix the address. */
export function nothingListens(url: string): BoardOfflineError {
  return new BoardOfflineError(`nothing listens at ${url} (connection refused): start the board node there (pinmesh board --board uno) or fix the address`);
}

/** What this process last saw of the board node while it waited for the board. */
export interface LastSeen {
  /** The last attempt's failure, if the last attempt failed. */
  error: unknown;
  /** The board node greeted this process (it is there) but its board is offline. */
  greetedBoardOffline: boolean;
}

/**
 * Why the board node's board is not ready after `connectFor` ms, from what was last seen: "start
 * it" only when nothing answered at all, never to a node that answered.
 */
export function boardNodeNotReady(url: string, connectFor: number, seen: LastSeen): BoardOfflineError {
  const seconds = `${Math.round(connectFor / 1000)} s`;
  const within = `within ${seconds}`;
  if (seen.greetedBoardOffline) return new BoardOfflineError(`the board node at ${url} answered, but its board stayed offline for ${seconds}: see what the board node says of its board`);
  if (isConnectionRefused(seen.error)) return nothingListens(url);
  if (seen.error instanceof HandshakeTimedOut) return new BoardOfflineError(`something at ${url} ${seen.error.message}: is it a board node (pinmesh board), and running (not suspended)?`);
  if (seen.error instanceof BoardOfflineError) return new BoardOfflineError(`the board node at ${url} did not get its board ready ${within} (${seen.error.message}): see what the board node says`);
  const why = seen.error === undefined ? 'no answer' : errorMessage(seen.error);
  return new BoardOfflineError(`no board node answered at ${url} ${within} (${why}): start it (pinmesh board --board uno) or fix the address`);
}
