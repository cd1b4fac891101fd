import type { NodeAddress } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';

/**
 * A directory that knows where the run's own nodes really listen: a node told to listen on port 0
 * (any free port, so tests run side by side) is found at the port the OS gave it. Other nodes are
 * looked up in `directory` as before.
 */
export class StartedDirectory implements Directory {
  private readonly started = new Map<string, number>();

  constructor(private readonly directory: Directory) {}

  /** `name` listens on `port` now (its address in the circuit otherwise stands). */
  listening(name: string, port: number): void {
    this.started.set(name, port);
  }

  async resolve(name: string): Promise<NodeAddress> {
    const port = this.started.get(name);
    if (port === undefined) return this.directory.resolve(name);
    const known = await this.directory.resolve(name).catch(() => undefined);
    return { ...known, host: known?.host ?? '127.0.0.1', port };
  }
}
