import { nodeUrl, type NodeAddress } from '../mesh/circuit.js';
import { UserError } from '../errors.js';
import { NodeNotFoundYet, type Directory } from '../mesh/directory.js';
import type { FleetView } from './fleet-view.js';

export interface FleetDirectoryOptions {
  /** The fleet, connected and subscribed on first use (so a command that never asks opens nothing). */
  view: () => Promise<FleetView>;
  /** Nodes the broker has not heard of are looked up here: the circuit file, when one was given. */
  fallback?: { knows(name: string): boolean; directory: Directory };
  /** Where to say the broker is, in advice. */
  broker: string;
  /**
   * Only nodes serving wss:// are believed (this process was given a CA, --tls-ca): whoever can
   * publish on the broker cannot then point a peer at a plain ws:// impostor to be sent the token.
   */
  tlsOnly?: boolean;
  /** Told when a peer is found at an address it was not at before (first found, or moved). */
  onFound?: (peer: string, url: string, previous: string | undefined) => void;
}

/**
 * Finds nodes by name through the broker: the address a node announced last, even while it (or
 * the broker) is away, so links keep using the addresses they had; a node that announces itself
 * elsewhere is followed on the next reconnect. A node it has never heard of is looked up in the
 * circuit file, if one was given, or asked for again until the peer timeout.
 */
export function fleetDirectory(options: FleetDirectoryOptions): Directory {
  /** The URL last given for each name. Bound: one per peer this process links to (the names its sketches ask for). */
  const given = new Map<string, string>();
  return {
    async resolve(name): Promise<NodeAddress> {
      const view = await options.view();
      const info = view.get(name)?.info;
      if (info && info.host !== null && info.port !== null) {
        if (options.tlsOnly && !info.tls) {
          throw new UserError(`${name} announced itself on ${options.broker} without TLS (${info.url}), and this process trusts only wss:// nodes found there (--tls-ca): serve it with --tls-cert and --tls-key`);
        }
        const address: NodeAddress = { host: info.host, port: info.port, ...(info.token ? { token: true } : {}), ...(info.tls ? { tls: true } : {}) };
        const url = nodeUrl(address, '');
        const previous = given.get(name);
        if (previous !== url) {
          given.set(name, url);
          options.onFound?.(name, url, previous);
        }
        return address;
      }
      if (options.fallback?.knows(name)) return options.fallback.directory.resolve(name);
      if (info) throw new UserError(`${name} does not serve (it announced no address on ${options.broker}, fleet ${view.fleet})`);
      const why = view.connection.connected ? `has not announced itself on ${options.broker} (fleet ${view.fleet})` : `is not known yet: the broker ${options.broker} is not reachable`;
      throw new NodeNotFoundYet(`${name} ${why}: start it with the same --broker (and --fleet), or add it to a --circuit file`);
    },
  };
}
