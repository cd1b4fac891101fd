import { InvalidArgumentError, type Command } from 'commander';
import type { ConnectionLimits } from '../security/limits.js';
import type { NodeSecurity } from '../security/node-security.js';
import { normalOrigin } from '../security/origin-policy.js';
import type { Credentials } from '../security/peer-credentials.js';
import { readClientTls, readServerTls } from '../security/tls.js';
import { readToken } from '../security/token.js';
import { tokenFileWarning } from '../security/token-file.js';
import * as parse from './parse.js';
import { writeStderr } from './stderr-lines.js';

/** What a client (the clock, a node's peer links) needs: the token and a CA. */
export interface ClientSecurityFlags {
  tokenFile?: string;
  tlsCa?: string;
}

/** What a node that serves needs besides. */
export interface SecurityFlags extends ClientSecurityFlags {
  allowOrigin: string[];
  tlsCert?: string;
  tlsKey?: string;
  maxConnections?: number;
  maxQueued?: number;
  maxFrame?: number;
}

const collectOrigin = (value: string, previous: string[] = []): string[] => {
  try {
    return [...previous, normalOrigin(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

/** What --token-file does for a client: the clock, a node's peer links. */
const CLIENT_TOKEN_HELP = 'file holding the mesh token (or set PINMESH_TOKEN); sent to nodes the circuit marks "token": true';
/** And for a node that serves: its own clients must present it too. */
const NODE_TOKEN_HELP = 'file holding the mesh token (or set PINMESH_TOKEN): the clients of the nodes served here must present it, and it is sent to nodes the circuit marks "token": true';

/** The token is read from a file or PINMESH_TOKEN, never from a flag's value (shell history, ps). */
export function clientSecurityOptions(command: Command, tokenHelp = CLIENT_TOKEN_HELP): Command {
  return command
    .option('--token-file <path>', tokenHelp)
    .option('--tls-ca <file>', 'CA certificate (PEM) to trust for wss:// nodes, e.g. a self-signed one');
}

/** A serving node's flags; `tokenHelp` says what its token is for, where it is not the mesh's nodes' (the board node). */
export function securityOptions(command: Command, tokenHelp = NODE_TOKEN_HELP): Command {
  clientSecurityOptions(command, tokenHelp);
  return command
    .option('--allow-origin <url>', 'a web page origin allowed to connect (repeatable); pages are refused otherwise', collectOrigin, [])
    .option('--tls-cert <file>', 'certificate (PEM) to serve wss:// with (with --tls-key)')
    .option('--tls-key <file>', 'private key (PEM) of --tls-cert')
    .option('--max-connections <n>', 'clients connected at once, per node (default 64)', parse.number({ integer: true, min: 1, max: 100_000 }))
    .option('--max-queued <n>', 'frames one client may have waiting for replies (default 256)', parse.number({ integer: true, min: 1, max: 1_000_000 }))
    .option('--max-frame <bytes>', 'largest frame accepted (default 65536)', parse.number({ integer: true, min: 16, max: 64 * 1024 * 1024 }));
}

/** Warns (one line on stderr) when the token file can be read by others, as ssh does with a key. */
export async function readCredentials(flags: ClientSecurityFlags): Promise<Credentials> {
  const token = await readToken({ tokenFile: flags.tokenFile });
  const warning = flags.tokenFile !== undefined ? await tokenFileWarning(flags.tokenFile) : undefined;
  if (warning !== undefined) void writeStderr(`pinmesh: warning: ${warning}\n`);
  const { ca } = await readClientTls(flags);
  return { ...(token ? { token } : {}), ...(ca !== undefined ? { ca } : {}) };
}

/** The node's security and its credentials towards its peers, from the flags and the environment. */
export async function readSecurity(flags: SecurityFlags): Promise<{ security: NodeSecurity; credentials: Credentials }> {
  const credentials = await readCredentials(flags);
  const tls = await readServerTls(flags);
  const limits: Partial<ConnectionLimits> = { maxConnections: flags.maxConnections, maxQueued: flags.maxQueued, maxPayload: flags.maxFrame };
  const security: NodeSecurity = {
    allowOrigins: flags.allowOrigin,
    ...(credentials.token ? { token: credentials.token } : {}),
    ...(tls ? { tls } : {}),
    limits,
  };
  return { security, credentials };
}
