import { UserError } from '../../errors.js';
import type { PinMode } from '../capabilities.js';

/** One client of the board node, as messages name it. */
export interface ClientRef {
  readonly id: number;
  /** "pinmesh pid 4242 at 127.0.0.1" */
  label: string;
}

/** Who holds a pin: one client, for one or more of its nodes. */
export interface Ownership {
  readonly client: ClientRef;
  readonly nodes: Set<string>;
  mode: PinMode;
  use: string;
}

/** A pin another client of the board node holds. */
export class PinTakenError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PinTakenError';
  }
}

/**
 * Which client of the board node holds which pin. A pin belongs to one client at a time, whatever
 * the mode: another client's claim (or write) is refused with an error naming the holder. Within
 * one client, its own process's claims decide (src/boards/pin-claims.ts).
 */
export class PinOwners {
  /** Bound: one per pin held (an Uno has 20); a client's are deleted when it goes away (release). */
  private readonly owners = new Map<number, Ownership>();

  /**
   * Claims `pin` for `client` (for one of its nodes, when the client said which); refused with
   * PinTakenError when another client holds it. Idempotent for the holder.
   */
  claim(pin: number, client: ClientRef, wanted: { node?: string; mode: PinMode; use: string }, maxPerClient = Infinity): void {
    const held = this.owners.get(pin);
    const who = wanted.node ? `${wanted.node} (${client.label})` : client.label;
    if (held && held.client.id !== client.id) {
      const use = held.use === held.mode ? held.mode : `${held.use} (${held.mode})`;
      throw new PinTakenError(`pin ${pin} is taken by ${holder(held)} as ${use}; ${who} cannot use it: give one of them another pin, or stop the other one`);
    }
    if (!held && this.pinsOf(client).length >= maxPerClient) {
      throw new PinTakenError(
        `pin ${pin} refused: ${who} already holds ${maxPerClient} pins, as many as one client may on this board node (half its pins, so the others always find some); use fewer pins, or give some to another board`,
      );
    }
    if (!held) {
      this.owners.set(pin, { client, nodes: new Set(wanted.node ? [wanted.node] : []), mode: wanted.mode, use: wanted.use });
      return;
    }
    if (wanted.node) held.nodes.add(wanted.node);
    // A plain write in the mode the pin has keeps what it was claimed as ('led', 'piezo').
    if (held.mode !== wanted.mode || wanted.use !== wanted.mode) {
      held.mode = wanted.mode;
      held.use = wanted.use;
    }
  }

  /** The holder of `pin`, if any. */
  ownerOf(pin: number): Ownership | undefined {
    return this.owners.get(pin);
  }

  /** The pins `client` holds, with what for. */
  pinsOf(client: ClientRef): Array<{ pin: number; ownership: Ownership }> {
    return [...this.owners].filter(([, ownership]) => ownership.client.id === client.id).map(([pin, ownership]) => ({ pin, ownership }));
  }

  /** `client` gives `pin` back (a write that claimed it failed). */
  releasePin(pin: number, client: ClientRef): void {
    if (this.owners.get(pin)?.client.id === client.id) this.owners.delete(pin);
  }

  /** `client` is gone: its pins are free. */
  release(client: ClientRef): void {
    for (const [pin, ownership] of this.owners) if (ownership.client.id === client.id) this.owners.delete(pin);
  }
}

/** "iopin (pinmesh pid 4242 at 127.0.0.1)", or the client alone when it named no node. */
function holder(ownership: Ownership): string {
  const nodes = [...ownership.nodes].join(', ');
  return nodes ? `${nodes} (${ownership.client.label})` : ownership.client.label;
}
