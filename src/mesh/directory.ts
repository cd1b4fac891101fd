import { UserError } from '../errors.js';
import { nodeAddressOf, type Circuit, type NodeAddress } from './circuit.js';

/**
 * Finds nodes by name. Peers and the clock ask it again every time they (re)connect, so a node
 * that moved is followed. The circuit file is the built-in directory; a broker-backed one ("The
 * fleet") implements the same interface.
 */
export interface Directory {
  /** Where `name` listens now; rejects with advice (a UserError) for a node it does not know. */
  resolve(name: string): Promise<NodeAddress>;
}

/** The circuit file as a directory. It reads the circuit at each call, so an edited object is followed. */
export function circuitDirectory(circuit: Circuit): Directory {
  return { resolve: async (name) => nodeAddressOf(circuit, name) };
}

/**
 * The directory does not know the node yet, and may learn of it (a broker it has not heard the
 * node announce itself on): peer links ask again, with backoff, instead of giving up at once.
 */
export class NodeNotFoundYet extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'NodeNotFoundYet';
  }
}
