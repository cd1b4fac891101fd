import { UserError } from '../errors.js';
import { flagNames, type SettingNames } from '../setting-names.js';
import type { Token } from './token.js';

/** What this process can present to the nodes it connects to. */
export interface Credentials {
  /** The mesh's token; sent only to nodes the circuit marks `"token": true`. */
  token?: Token;
  /** Extra CA certificates (PEM) to trust for wss:// (`--tls-ca`). */
  ca?: string;
}

/** The security fields of a node's entry in the circuit file. */
export interface PeerSecurityFields {
  token?: boolean;
  tls?: boolean;
}

/**
 * The headers for a connection to `peer`: its `Authorization` when the circuit says the peer wants
 * the token. A node that did not ask is never sent the secret (it may be the article's Python node,
 * or not ours at all).
 */
export function peerHeaders(peer: string, fields: PeerSecurityFields, credentials: Credentials, names: SettingNames = flagNames): Record<string, string> {
  if (!fields.token) return {};
  if (!credentials.token) {
    throw new UserError(`the circuit says ${peer} wants a token, and this process has none: pass ${names.ownToken} with the same secret`);
  }
  return { Authorization: credentials.token.bearer() };
}
