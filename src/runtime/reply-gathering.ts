import type { Duplex } from 'node:stream';

/** The part of a connection's TCP (or TLS) socket that gathering uses. */
export type Wire = Pick<Duplex, 'cork' | 'uncork'>;

/**
 * Replies to frames that arrive together leave together: a client that pipelines frames gets its
 * replies in one write(2) per batch, not one each. The wire is corked when a frame arrives while
 * replies are still owed (a lone frame, stop-and-wait, is never held up), and uncorked as soon as
 * no reply is owed any more, or at the end of this turn of the event loop at the latest (so a
 * reply that waits on something slow never holds back those before it).
 */
export class ReplyGathering {
  private corked = false;

  constructor(private readonly wire: Wire) {}

  /** True while replies are being gathered (not yet on their way). */
  get gathering(): boolean {
    return this.corked;
  }

  /** A frame arrived; `owed` replies (this frame's not counted) were still to be sent. */
  frameArrived(owed: number): void {
    if (this.corked || owed === 0) return;
    this.corked = true;
    this.wire.cork();
    setImmediate(this.release);
  }

  /** A reply was handed to the socket; `owed` replies are still to come. */
  replied(owed: number): void {
    if (owed === 0) this.release();
  }

  private readonly release = (): void => {
    if (!this.corked) return;
    this.corked = false;
    this.wire.uncork();
  };
}
