import { UserError } from '../errors.js';
import type { BoardConnection } from './board.js';
import type { PinMode } from './capabilities.js';

/** Who uses a pin of a board, and for what. */
export interface PinClaim {
  readonly node: string;
  /** 'led', 'piezo', or the mode itself for a pin used through a capability directly. */
  readonly use: string;
  readonly mode: PinMode;
}

/**
 * The pins of one board that nodes have claimed. One board may be shared by several nodes (the
 * circuit's iopin and buzzer): a pin claimed for one mode cannot be claimed for another, by the
 * same node or another one, and each node's observations are the ones on its own pins.
 */
export class PinClaims {
  /** Bound: per pin, one claim per node holding it; a node's go when it is done (release); an empty pin is deleted. */
  private readonly claims = new Map<number, PinClaim[]>();
  /** What each pin was last claimed as, kept after release: the board's own reports still name it. Bound: one per pin. */
  private readonly lastUse = new Map<number, string>();

  /** Claims `pin`; a second claim for another mode is an error that names both. Idempotent. */
  claim(pin: number, claim: PinClaim): void {
    const held = this.claims.get(pin) ?? [];
    const other = held.find((existing) => existing.mode !== claim.mode);
    if (other) {
      const by = other.node === claim.node ? '' : ` by ${other.node}`;
      throw new UserError(`pin ${pin} is already used as ${describe(other)}${by}; ${claim.node} cannot use it as ${describe(claim)}: give one of them another pin`);
    }
    if (!held.some((existing) => existing.node === claim.node)) held.push(claim);
    this.claims.set(pin, held);
    if (!this.lastUse.has(pin) || claim.use !== claim.mode) this.lastUse.set(pin, claim.use);
  }

  /** True when `node` claimed `pin`. */
  holds(node: string, pin: number): boolean {
    return this.claims.get(pin)?.some((claim) => claim.node === node) ?? false;
  }

  /** The modes `pin` is claimed for now, by whichever node (one, since claims of other modes are refused). */
  modesOf(pin: number): PinMode[] {
    return [...new Set((this.claims.get(pin) ?? []).map((claim) => claim.mode))];
  }

  /** Every pin claimed now, with the mode it is claimed for, in pin order. */
  claimedPins(): Array<{ pin: number; mode: PinMode }> {
    return [...this.claims.entries()].flatMap(([pin, held]) => (held[0] ? [{ pin, mode: held[0].mode }] : [])).sort((a, b) => a.pin - b.pin);
  }

  /** The pins `node` holds, each with its use and mode, in pin order. */
  pinsOf(node: string): Array<{ pin: number } & PinClaim> {
    return [...this.claims.entries()]
      .flatMap(([pin, held]) => held.filter((claim) => claim.node === node).map((claim) => ({ pin, ...claim })))
      .sort((a, b) => a.pin - b.pin);
  }

  /** What `pin` is (or was last) used as: 'led', 'piezo', a mode, or undefined if never claimed. */
  useOf(pin: number): string | undefined {
    return this.lastUse.get(pin);
  }

  /** True when some pin was ever claimed as `use` ('piezo'), released or not. */
  everUsedAs(use: string): boolean {
    return [...this.lastUse.values()].includes(use);
  }

  /** `node` gives `pin` back (a write that claimed it failed); its other pins stay claimed. */
  releasePin(pin: number, node: string): void {
    const kept = (this.claims.get(pin) ?? []).filter((claim) => claim.node !== node);
    if (kept.length > 0) this.claims.set(pin, kept);
    else this.claims.delete(pin);
  }

  /** `node` is done with the board: its pins are free again. */
  release(node: string): void {
    for (const [pin, held] of this.claims) {
      const kept = held.filter((claim) => claim.node !== node);
      if (kept.length > 0) this.claims.set(pin, kept);
      else this.claims.delete(pin);
    }
  }
}

function describe(claim: PinClaim): string {
  return claim.use === claim.mode ? claim.mode : `${claim.use} (${claim.mode})`;
}

const registry = new WeakMap<BoardConnection, PinClaims>();

/** The claims on one board, shared by every node that uses it. */
export function claimsOf(board: BoardConnection): PinClaims {
  let claims = registry.get(board);
  if (!claims) {
    claims = new PinClaims();
    registry.set(board, claims);
  }
  return claims;
}

/** Makes `claims` the claims of `board` (a board whose claims reach further, e.g. a remote one). */
export function adoptClaims(board: BoardConnection, claims: PinClaims): void {
  registry.set(board, claims);
}
