import { nodeUrl, type NodeAddress } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';
import { peerHeaders, type Credentials } from '../security/peer-credentials.js';
import { PeerLink, type PeerLinkOptions } from './peer-link.js';

export type StreamSource = Iterable<string | number> | AsyncIterable<string | number>;

/**
 * The node's view of the mesh: kept-open links to the other nodes, one per peer and channel,
 * created on first use. Each link asks the directory where its peer is, and whether it wants the
 * token, whenever it (re)connects.
 */
export class Peers {
  /** Bound: one per peer name the sketch streams to (its circuit's peers); kept open for the node's life. */
  private readonly links = new Map<string, PeerLink>();

  constructor(
    private readonly directory: Directory,
    private readonly options: PeerLinkOptions = {},
    private readonly credentials: Credentials = {},
  ) {}

  /** The link to `peer` on `channel`; a node the directory does not know fails on first use, with advice. */
  link(peer: string, channel: string): PeerLink {
    const key = linkKey(peer, channel);
    let link = this.links.get(key);
    if (!link) {
      link = peerLink(peer, channel, this.directory, this.credentials, this.options);
      this.links.set(key, link);
    }
    return link;
  }

  /**
   * Sends each message in turn, waiting for each ack, and returns the acks. The whole sequence
   * holds the link: two streams to the same peer and channel never interleave. An async iterable
   * is drawn lazily inside that hold, so work done between messages (a pin write) stays in step.
   */
  stream(peer: string, messages: StreamSource, channel: string, onAck?: (message: string, ack: string) => void): Promise<string[]> {
    return this.link(peer, channel).exclusive(async (request) => {
      const acks: string[] = [];
      for await (const item of messages) {
        const message = String(item);
        const ack = await request(message);
        onAck?.(message, ack);
        acks.push(ack);
      }
      return acks;
    });
  }

  /** Resolves once `peer` answers on `channel` (retrying with backoff); rejects with advice if it never does. */
  async waitFor(peer: string, channel: string): Promise<void> {
    await this.link(peer, channel).connect();
  }

  /** Whether the link to `peer` on `channel` is open now (no attempt is made). */
  connected(peer: string, channel: string): boolean {
    return this.links.get(linkKey(peer, channel))?.connected ?? false;
  }

  /** Whether `peer` answers on `channel` now: one attempt, no retries, nothing reported. */
  answers(peer: string, channel: string): Promise<boolean> {
    return this.link(peer, channel).tryOnce();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.close()));
    this.links.clear();
  }
}

/** One link per peer and channel. */
function linkKey(peer: string, channel: string): string {
  return `${peer}\u0000${channel}`;
}

/**
 * A link to a node found through the directory: on every (re)connect it asks where the node is
 * and sends the token only when that node wants it. Used by nodes and the clock alike.
 */
export function peerLink(peer: string, channel: string, directory: Directory, credentials: Credentials, options: PeerLinkOptions = {}): PeerLink {
  let found: NodeAddress | undefined;
  return new PeerLink(
    peer,
    async () => {
      found = await directory.resolve(peer);
      return nodeUrl(found, channel);
    },
    {
      ...(credentials.ca !== undefined ? { ca: credentials.ca } : {}),
      headers: () => (found ? peerHeaders(peer, found, credentials, options.settingNames) : {}),
      ...options,
    },
  );
}
