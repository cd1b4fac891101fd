import type { Board } from '../../boards/board.js';
import type { BoardSpec } from '../../mesh/circuit.js';
import type { Directory } from '../../mesh/directory.js';
import type { NodePlan } from '../../mesh/node-plan.js';
import type { StartedNode } from '../../runtime/start-node.js';
import type { NodeSecurity } from '../../security/node-security.js';
import { builtInSketches } from '../../sketches/registry.js';
import { combinedSummary, type ClockSummary } from '../../sketches/tick-tally.js';
import { BoardChoice } from '../board-choice.js';
import { peerLinkOptions } from '../common-options.js';
import { runButtonClockNode, runClockNode, startServedNode, type NodeRunContext } from '../node-runner.js';
import type { CommandRunSetup, RunFlags } from './command-run.js';
import type { RunClock, RunHooks, RunPlan } from './run-extension.js';

/**
 * A run whose plan is made and found safe: it opens the boards, starts the served nodes and runs
 * the clocks, telling its extensions at each moment. Whatever it starts is closed with the session.
 */
export class PlannedRun {
  private boards: BoardChoice | undefined;
  private readonly opened = new Set<Board>();
  private readonly context: NodeRunContext;

  constructor(
    private readonly setup: CommandRunSetup<RunFlags>,
    private readonly hooks: RunHooks[],
    private readonly plan: RunPlan,
    private readonly found: { directory: Directory; security: Map<string, NodeSecurity> },
  ) {
    const { session, flags } = setup;
    this.context = { directory: found.directory, reporter: session.reporter, peers: peerLinkOptions(flags), credentials: plan.credentials };
  }

  /** Opens a node's board (nodes naming the same board share it); extensions hear of each board once. */
  async openBoard(spec: BoardSpec | undefined): Promise<Board> {
    const board = await this.boardChoice().open(spec);
    if (!this.opened.has(board)) {
      this.opened.add(board);
      for (const hooks of this.hooks) hooks.boardOpened?.(board);
    }
    return board;
  }

  /** Starts a planned server node on its board, until the session ends. */
  async serve(plan: NodePlan): Promise<StartedNode> {
    const board = await this.openBoard(plan.board);
    const security = this.found.security.get(plan.name) ?? {};
    const node = await startServedNode(plan, { ...this.context, board, security });
    this.setup.session.defer(() => node.close());
    const started = { name: plan.name, sketchName: this.sketchName(plan), node, board, security };
    for (const hooks of this.hooks) await hooks.nodeStarted?.(started);
    return node;
  }

  /** Runs the clocks side by side until each is done (or the session is stopped): their counts, and their latest ticks. */
  async runClocks(plans: NodePlan[]): Promise<ClockSummary> {
    if (plans.length === 0) return combinedSummary([]);
    const clocks: RunClock[] = plans.map((plan) => ({ name: plan.name, sketchName: this.sketchName(plan), plan }));
    for (const hooks of this.hooks) await hooks.clocksStarting?.(clocks);
    const pace = this.hooks.find((hooks) => hooks.clockPace)?.clockPace!();
    const { signal } = this.setup.session;
    const run = async (clock: RunClock): Promise<ClockSummary> => {
      if (clock.plan.entry !== builtInSketches.button) {
        for (const hooks of this.hooks) hooks.clockStarting?.(clock, undefined);
        return runClockNode(clock.plan, { ...this.context, signal, pace });
      }
      const board = await this.openBoard(clock.plan.board); // the button is on the board the nodes share
      for (const hooks of this.hooks) hooks.clockStarting?.(clock, board);
      return runButtonClockNode(clock.plan, { ...this.context, board, signal });
    };
    return combinedSummary(await Promise.all(clocks.map(run)));
  }

  /** The run's work is done: the extensions may keep the command open. */
  async finish(): Promise<void> {
    for (const hooks of this.hooks) await hooks.finished?.();
  }

  private sketchName(plan: NodePlan): string {
    return this.plan.sketchName?.(plan) ?? plan.name;
  }

  private boardChoice(): BoardChoice {
    const { session, flags, command } = this.setup;
    if (flags.board === undefined) throw new Error(`pinmesh ${command.name()} drives no board`);
    this.boards ??= new BoardChoice(session, { ...flags, board: flags.board }, command);
    return this.boards;
  }
}
