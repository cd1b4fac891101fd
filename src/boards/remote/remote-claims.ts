import { PinClaims, type PinClaim } from '../pin-claims.js';

/** Where a claim goes besides this process: the board node, which holds pins for its clients. */
export interface ClaimForwarder {
  forwardClaim(pin: number, claim: PinClaim): void;
  forgetClaims(node: string): void;
}

/**
 * The pin claims of a remote board: checked in this process first (two nodes of one process, as
 * for any board), then forwarded once to the board node, which refuses a pin another process
 * holds (reported as the board's `warning`, and every write to that pin is refused by name).
 */
export class RemotePinClaims extends PinClaims {
  /** Bound: one per pin and node claimed through this process (its nodes' pins). */
  private readonly forwarded = new Set<string>();
  /** The pin, node and mode of each forwarded claim, whatever its use. Bound: as `forwarded`. */
  private readonly forwardedModes = new Set<string>();

  constructor(private readonly forwarder: ClaimForwarder) {
    super();
  }

  override claim(pin: number, claim: PinClaim): void {
    super.claim(pin, claim);
    const key = JSON.stringify([pin, claim.node, claim.mode, claim.use]);
    if (this.forwarded.has(key)) return;
    this.forwarded.add(key);
    const inMode = JSON.stringify([pin, claim.node, claim.mode]);
    // A plain write (use: its mode) on a pin this node claimed in that mode (as a led) was said already: no second refusal.
    if (claim.use === claim.mode && this.forwardedModes.has(inMode)) return;
    this.forwardedModes.add(inMode);
    this.forwarder.forwardClaim(pin, claim);
  }

  override release(node: string): void {
    super.release(node);
    for (const keys of [this.forwarded, this.forwardedModes]) for (const key of keys) if ((JSON.parse(key) as unknown[])[1] === node) keys.delete(key);
    this.forwarder.forgetClaims(node);
  }
}
