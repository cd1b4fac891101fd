import { ForeignHostError, PortUnavailableError } from '../net/listen.js';
import type { SettingNames } from '../setting-names.js';

/**
 * How a person moves a node to another port, for the message when its port is taken: the CLI
 * knows its flags ("choose another port with --port"), a program its own arguments.
 */
export type PortAdvice = (node: string) => string;

/**
 * Runs `work` (which makes `node` listen); a port it cannot have is said with `advice`, when given,
 * and a host that is no address of this machine with the run's name for it (`names.host`).
 */
export async function withPortAdvice<T>(node: string, advice: PortAdvice | undefined, names: SettingNames, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ForeignHostError) throw error.withAdvice(`fix ${names.host}`);
    throw error instanceof PortUnavailableError && advice ? error.withAdvice(advice(node)) : error;
  }
}
