import type { Peers, StreamSource } from '../../src/runtime/peers.js';

/** Stands in for the mesh in unit tests: records what a sketch streams, answers with `reply`. */
export class FakePeers {
  readonly streamed: Array<{ peer: string; channel: string; message: string }> = [];
  waitedFor: string[] = [];
  asked: string[] = [];
  /** Whether a peer answers at once (answers()); when it does not, waitFor() waits on `reachable`. */
  up = true;
  reachable: Promise<void> = Promise.resolve();

  constructor(private readonly reply: (message: string) => string = () => 'ok') {}

  async stream(peer: string, messages: StreamSource, channel: string, onAck?: (message: string, ack: string) => void): Promise<string[]> {
    const acks: string[] = [];
    for await (const item of messages) {
      const message = String(item);
      this.streamed.push({ peer, channel, message });
      const ack = this.reply(message);
      onAck?.(message, ack);
      acks.push(ack);
    }
    return acks;
  }

  async waitFor(peer: string): Promise<void> {
    this.waitedFor.push(peer);
    await this.reachable;
    this.up = true; // reached: its link is open
  }

  connected(): boolean {
    return this.up;
  }

  async answers(peer: string): Promise<boolean> {
    this.asked.push(peer);
    return this.up;
  }

  asPeers(): Peers {
    return this as unknown as Peers;
  }
}
