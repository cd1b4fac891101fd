import { PortUnavailableError } from '../net/listen.js';

/**
 * How a person moves a node to another port, for the message when its port is taken: the CLI
 * knows its flags ("choose another port with --port"), a program its own arguments.
 */
export type PortAdvice = (node: string) => string;

/** Runs `work` (which makes `node` listen); a port it cannot have is said with `advice`, when given. */
export async function withPortAdvice<T>(node: string, advice: PortAdvice | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof PortUnavailableError && advice ? error.withAdvice(advice(node)) : error;
  }
}
