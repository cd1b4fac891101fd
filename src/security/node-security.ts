import { UserError } from '../errors.js';
import { flagNames, type SettingNames } from '../setting-names.js';
import { FailureThrottle, type FailureThrottleOptions } from './failure-throttle.js';
import { connectionLimits, type ConnectionLimits } from './limits.js';
import { isLoopback } from './loopback.js';
import { OriginPolicy } from './origin-policy.js';
import type { ServerTls } from './tls.js';
import type { Token } from './token.js';

/**
 * How one node protects itself. Every field is optional and the defaults are the safe ones: no web
 * page allowed, loopback only unless a token is set, the default limits.
 */
export interface NodeSecurity {
  /** Web page origins allowed to connect (an upgrade with no Origin is not from a page and passes). */
  allowOrigins?: Iterable<string> | OriginPolicy;
  /** When set, every client must present it; required to listen beyond loopback. */
  token?: Token;
  /** Serve wss:// with this certificate and key. */
  tls?: ServerTls;
  limits?: Partial<ConnectionLimits>;
  /** How wrong tokens are slowed down, per address and in all (failure-throttle.ts). */
  throttle?: FailureThrottle | FailureThrottleOptions;
}

export interface ResolvedSecurity {
  origins: OriginPolicy;
  token: Token | undefined;
  tls: ServerTls | undefined;
  limits: ConnectionLimits;
  throttle: FailureThrottle;
}

export function resolveSecurity(security: NodeSecurity = {}): ResolvedSecurity {
  const { allowOrigins, throttle } = security;
  return {
    origins: allowOrigins instanceof OriginPolicy ? allowOrigins : new OriginPolicy(allowOrigins ?? []),
    token: security.token,
    tls: security.tls,
    limits: connectionLimits(security.limits),
    throttle: throttle instanceof FailureThrottle ? throttle : new FailureThrottle(throttle),
  };
}

/**
 * A node never listens beyond loopback without a token: anyone on the network could drive its
 * pins. Decided from the address before anything is bound. `names`: how the caller gives the token
 * and the host (default: the command's flags).
 */
export function assertSafeToListen(node: string, host: string, security: ResolvedSecurity, names: SettingNames = flagNames): void {
  if (isLoopback(host) || security.token) return;
  throw refusedBeyondLoopback(node, host, names);
}

/**
 * The same rule, decided again from the address the server was actually bound to: a name that
 * looks like loopback (`lan.localhost`) may resolve to 0.0.0.0 or a LAN address.
 */
export function assertBoundSafely(node: string, host: string, bound: string, security: ResolvedSecurity): void {
  if (isLoopback(bound) || security.token) return;
  throw refusedBeyondLoopback(node, bound === host ? host : `${host} (which is ${bound})`);
}

function refusedBeyondLoopback(node: string, where: string, names: SettingNames = flagNames): UserError {
  return new UserError(
    `refusing to serve ${node} on ${where} without a token: anyone who can reach it could drive the pins; give it one (${names.nodeToken}; pinmesh token FILE makes one), or listen on 127.0.0.1 (${names.host})`,
  );
}

/** The circuit's view of a node: does it say the node wants the token, or serves wss://? */
export interface CircuitSecurity {
  allowOrigins?: string[];
  nodes: Record<string, { token?: boolean; tls?: boolean }>;
}

/**
 * The node's security as the circuit file completes it: its `allowOrigins` are added, and a node
 * the circuit marks `"token": true` or `"tls": true` refuses to start without them (its peers
 * would send a token it cannot check, or speak TLS to a plain server).
 */
export function withCircuit(node: string, circuit: CircuitSecurity, security: NodeSecurity = {}, names: SettingNames = flagNames): NodeSecurity {
  const entry = circuit.nodes[node];
  if (entry?.token && !security.token) {
    throw new UserError(`the circuit says ${node} wants a token, and none was given: pass ${names.nodeToken}`);
  }
  if (entry?.tls && !security.tls) {
    throw new UserError(`the circuit says ${node} serves wss://, and no certificate was given: pass ${names.nodeTls}`);
  }
  const fromCircuit = circuit.allowOrigins ?? [];
  if (fromCircuit.length === 0) return security;
  const own = security.allowOrigins instanceof OriginPolicy ? security.allowOrigins : new OriginPolicy(security.allowOrigins ?? []);
  return { ...security, allowOrigins: own.with(fromCircuit) };
}
