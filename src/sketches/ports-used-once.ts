import { UserError } from '../errors.js';
import type { NodeAddress } from '../mesh/circuit.js';

/** A node that listens, as the plan of a circuit has it. */
export interface Listener {
  name: string;
  address: NodeAddress | undefined;
}

/** Listening on every address of the machine: it takes the port on each of them. */
const wildcardHosts = new Set(['0.0.0.0', '::', '']);

function hostKey(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** Two hosts that cannot both have the port: the same one, or either of them every address. */
function overlap(a: string, b: string): boolean {
  return a === b || wildcardHosts.has(a) || wildcardHosts.has(b);
}

function where(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Two nodes of one circuit, run in one process, cannot listen on one port of one host: say which
 * before anything listens (else the second one's failure reads as someone else holding the port).
 * Port 0 is the OS's pick, a different port each time.
 */
export function checkPortsUsedOnce(listeners: readonly Listener[], source: string): void {
  const seen: Array<{ name: string; host: string; port: number }> = [];
  for (const { name, address } of listeners) {
    if (!address || address.port === 0) continue;
    const host = hostKey(address.host);
    const other = seen.find((s) => s.port === address.port && overlap(s.host, host));
    if (other) {
      const both =
        other.host === host
          ? `${other.name} and ${name} both listen on ${where(host, address.port)}`
          : `${other.name} listens on ${where(other.host, other.port)} and ${name} on ${where(host, address.port)} (${wildcardHosts.has(host) ? host || '""' : other.host || '""'} is every address of this machine)`;
      throw new UserError(`${source}: ${both}: give each node its own port`);
    }
    seen.push({ name, host, port: address.port });
  }
}
