import { circuitDirectory } from '../../mesh/directory.js';
import { assertSafeToListen, resolveSecurity, type NodeSecurity } from '../../security/node-security.js';
import { PlannedRun } from './planned-run.js';
import type { CommandRunSetup, RunExtension, RunFlags, RunHooks, RunPlan } from './run-extension.js';

/**
 * One run of a command's nodes, with the extensions the command offers. Security is the run's
 * own, not an extension: no command can forget it. Every served node is refused beyond loopback
 * without a token before any board is opened.
 */
export class CommandRun<Flags extends RunFlags> {
  private constructor(
    private readonly setup: CommandRunSetup<Flags>,
    private readonly hooks: RunHooks[],
  ) {}

  /** Each extension joins, in the order listed: it reads its flags (and may refuse them). */
  static async start<Flags extends RunFlags>(setup: CommandRunSetup<Flags>, extensions: readonly RunExtension<Flags>[]): Promise<CommandRun<Flags>> {
    const hooks: RunHooks[] = [];
    for (const extension of extensions) {
      const joined = await extension.join(setup);
      if (joined) hooks.push(joined);
    }
    return new CommandRun(setup, hooks);
  }

  /** Where a node listens when neither its flags nor the circuit say: an extension's answer, if one has it. */
  async listenHost(): Promise<string | undefined> {
    const asked = this.hooks.find((hooks) => hooks.listenHost);
    return asked?.listenHost!();
  }

  /** The plan is made: what it would serve unsafely is refused, and the extensions get ready, before any board is opened. */
  async planned(plan: RunPlan): Promise<PlannedRun> {
    const security = new Map<string, NodeSecurity>();
    // Refused before any board is opened: nothing is touched by a run that will not start.
    for (const node of plan.plans.filter((p) => p.entry.role === 'server')) {
      const own = plan.security?.(node.name) ?? {};
      assertSafeToListen(node.name, node.address!.host, resolveSecurity(own));
      security.set(node.name, own);
    }
    const found = this.hooks.find((hooks) => hooks.directory)?.directory!(plan) ?? circuitDirectory(plan.circuit);
    const directory = plan.addresses ? plan.addresses(found) : found;
    for (const hooks of this.hooks) await hooks.beforeBoards?.(plan);
    return new PlannedRun(this.setup, this.hooks, plan, { directory, security });
  }
}
