import type { NodeAddress } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';
import type { RunSession } from './run-session.js';

/**
 * Where the nodes served one call at a time listen, so that they find each other there: an iopin
 * its buzzer on the port the OS gave it, a clock its iopin. The runs of one session share what
 * they serve; so do a program's runs given no session (each makes a session of its own, and a
 * program's nodes are one mesh). A session given to a run keeps its nodes to its own runs
 * (pinmesh/testing's benches, the CLI's commands).
 */
export class ServedNodes {
  /** Bound: the nodes served now, by name (each leaves when it closes). */
  private readonly nodes = new Map<string, NodeAddress[]>();

  /** `name` listens at `address` until the returned function is called. */
  add(name: string, address: NodeAddress): () => void {
    const entry = { ...address, host: reachableHost(address.host) };
    this.nodes.set(name, [...(this.nodes.get(name) ?? []), entry]);
    return () => {
      const left = (this.nodes.get(name) ?? []).filter((held) => held !== entry);
      if (left.length === 0) this.nodes.delete(name);
      else this.nodes.set(name, left);
    };
  }

  /** Where `name` listens, when exactly one node of that name is served here (two: neither is guessed at). */
  find(name: string): NodeAddress | undefined {
    const found = this.nodes.get(name);
    return found?.length === 1 ? found[0] : undefined;
  }
}

/** The nodes of the program's runs that were given no session. */
const programNodes = new ServedNodes();
/** Bound: one per session with a node served (a WeakMap: a session dropped takes its entry along). */
const sessionNodes = new WeakMap<RunSession, ServedNodes>();

/** A session a run made itself (no `session` given): its nodes are the program's, and it finds the program's. */
export function shareProgramNodes(session: RunSession): void {
  sessionNodes.set(session, programNodes);
}

/** The nodes `session`'s runs serve and find. */
export function servedNodesOf(session: RunSession): ServedNodes {
  let nodes = sessionNodes.get(session);
  if (!nodes) sessionNodes.set(session, (nodes = new ServedNodes()));
  return nodes;
}

/** `directory`, except that a node served in `nodes` is found where it listens. */
export function withServedNodes(directory: Directory, nodes: ServedNodes): Directory {
  return { resolve: async (name) => nodes.find(name) ?? directory.resolve(name) };
}

/** A host a node listens on, as a peer on this machine reaches it: every address (0.0.0.0, ::) through loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  return host === '::' ? '::1' : host;
}
