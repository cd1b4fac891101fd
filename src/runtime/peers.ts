import { nodeAddressOf, nodeUrl, type Circuit } from '../mesh/circuit.js';
import { peerHeaders, type Credentials } from '../security/peer-credentials.js';
import { PeerLink, type PeerLinkOptions } from './peer-link.js';

export type StreamSource = Iterable<string | number> | AsyncIterable<string | number>;

/**
 * The node's view of the mesh: kept-open links to the other nodes of the circuit, one per peer and
 * channel, created on first use.
 */
export class Peers {
  private readonly links = new Map<string, PeerLink>();

  constructor(
    private readonly circuit: Circuit,
    private readonly options: PeerLinkOptions = {},
    private readonly credentials: Credentials = {},
  ) {}

  /** The link to `peer` on `channel` (throws a UserError for a node the circuit does not have). */
  link(peer: string, channel: string): PeerLink {
    const key = `${peer}\u0000${channel}`;
    let link = this.links.get(key);
    if (!link) {
      nodeAddressOf(this.circuit, peer); // An unknown peer is the caller's mistake, said at once.
      // Resolved again on every (re)connect: where the peer is, and whether it wants the token.
      link = new PeerLink(peer, () => nodeUrl(nodeAddressOf(this.circuit, peer), channel), {
        ...(this.credentials.ca !== undefined ? { ca: this.credentials.ca } : {}),
        headers: () => peerHeaders(peer, nodeAddressOf(this.circuit, peer), this.credentials),
        ...this.options,
      });
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

  async closeAll(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.close()));
    this.links.clear();
  }
}
