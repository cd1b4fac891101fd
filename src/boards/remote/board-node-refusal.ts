import { UserError } from '../../errors.js';
import { flagNames, type SettingNames } from '../../setting-names.js';

/** Why a board node refused this process's upgrade. */
export type RefusalCause = 'missing token' | 'withheld token' | 'wrong token' | 'origin' | 'not a board node';

/**
 * A board node that answered this process's upgrade with a refusal (401 token, 403 origin, 404 not
 * a board node): the node is there and running, and retrying soon will not change its answer.
 */
export class BoardNodeRefusal extends UserError {
  constructor(
    message: string,
    readonly why: RefusalCause,
    readonly url: string,
    /** How the person gives this process its token, for saying it again later. */
    readonly token: string = flagNames.ownToken,
  ) {
    super(message);
    this.name = 'BoardNodeRefusal';
  }
}

export interface RefusalContext {
  /** This process sent a token with the upgrade. */
  sentToken: boolean;
  /** This process has a token but did not send it here (src/security/board-token.ts): what to do. */
  withheldAdvice?: string | undefined;
  /** How the person gives this process its token (default: the command's flags). */
  names?: SettingNames | undefined;
}

/**
 * What the person is told of a refusal. A 401 says no more than wrong or missing, as the node
 * answers both alike; this process knows which it was: whether it sent a token.
 */
export function boardNodeRefusal(url: string, status: number, context: RefusalContext): Error {
  const refused = (why: RefusalCause, message: string) => new BoardNodeRefusal(message, why, url, token);
  const token = (context.names ?? flagNames).ownToken;
  if (status === 401 && context.sentToken) return refused('wrong token', `the board node at ${url} refused this process's token: it is not the one the board node has; give both the same token (${token})`);
  if (status === 401 && context.withheldAdvice !== undefined) return refused('withheld token', `the board node at ${url} wants a token: ${context.withheldAdvice}`);
  if (status === 401) return refused('missing token', `the board node at ${url} wants a token: give this process the same one (${token})`);
  if (status === 403) return refused('origin', `the board node at ${url} refused this client's origin`);
  if (status === 404) return refused('not a board node', `nothing at ${url} is a board node: start one with pinmesh board, or fix the address`);
  return new Error(`HTTP ${status}`);
}

/**
 * Said once when a board node this process was driving comes back refusing it (restarted with
 * --token-file, say): the process runs on with its board offline and asks again now and then. A
 * running process takes no new token, hence "restart".
 */
export function refusedOnReturn(refusal: BoardNodeRefusal, retryEveryMs: number): string {
  const every = retryEveryMs < 1_000 ? `${retryEveryMs} ms` : `${Math.round(retryEveryMs / 1000)} s`;
  const until = `its board is offline here until then (asking again every ${every})`;
  const node = `the board node at ${refusal.url}`;
  switch (refusal.why) {
    case 'missing token':
      return `${node} came back wanting a token: restart this process with the same one (${refusal.token}); ${until}`;
    case 'wrong token':
      return `${node} came back with another token: restart this process with the board node's (${refusal.token}); ${until}`;
    default:
      return `${refusal.message}; ${until}`;
  }
}
