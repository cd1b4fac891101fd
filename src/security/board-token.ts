import { flagNames, type SettingNames } from '../setting-names.js';
import type { Credentials } from './peer-credentials.js';

/** Where a board node's address came from: the person (`--board`, a library caller's `board`) or a circuit file. */
export type BoardAddressSource = 'named' | 'circuit-file';

/** What a board node is shown: the headers of the upgrade, and, when the token was kept back, what to do about it. */
export interface BoardCredentials {
  headers: Record<string, string>;
  /** Said when the board node answers 401: why it got no token, and how to send it one. */
  withheldAdvice?: string;
}

/**
 * A token goes only where the person said. The board named on `--board` gets it. A board address
 * that came from a circuit file (which may come from anyone, and lands in version control) does
 * not, unless it is a wss:// board whose certificate must check against the CA the person named
 * with `--tls-ca` (Node trusts only that CA then, not the public ones). Otherwise the person is
 * told, when the board node asks for a token, how to send it one.
 */
export function boardCredentials(url: string, source: BoardAddressSource, credentials: Credentials, names: SettingNames = flagNames): BoardCredentials {
  const { token, ca } = credentials;
  if (!token) return { headers: {} };
  const checkedTls = /^wss:/i.test(url) && ca !== undefined;
  if (source === 'named' || checkedTls) return { headers: { Authorization: token.bearer() } };
  return {
    headers: {},
    withheldAdvice:
      `the circuit file names this board node, and this process sends its token only to a board you name: ` +
      `run with ${names.board(url)} to send it the token (or serve the board node with TLS, wss://, and pass ${names.ca} with its certificate)`,
  };
}
