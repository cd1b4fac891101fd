import type { Board } from '../boards/board.js';
import type { BoardSpec } from '../mesh/circuit.js';
import { circuitDirectory } from '../mesh/directory.js';
import type { NodePlan } from '../sketches/node-plan.js';
import type { PeerLinkOptions } from '../runtime/peer-link.js';
import type { StartedNode } from '../runtime/start-node.js';
import { assertSafeToListen, resolveSecurity, type NodeSecurity } from '../security/node-security.js';
import type { StartContext } from '../sketches/entry-start.js';
import { combinedSummary, type ClockSummary } from '../sketches/tick-tally.js';
import type { BoardChoice } from './board-choice.js';
import { reportOwnWrites } from './own-writes.js';
import { optionNames, type SettingNames } from '../setting-names.js';
import type { RunClock, RunHooks, RunPlan } from './run-hooks.js';
import { withPortAdvice, type PortAdvice } from './port-advice.js';
import type { RunSession } from './run-session.js';
import { servedNodesOf, withServedNodes } from './served-nodes.js';
import { StartedDirectory } from './started-directory.js';

/** What a run is made of besides its plan: its session, who takes part, its boards, its links' patience. */
export interface RunParts {
  session: RunSession;
  hooks?: readonly RunHooks[];
  /** Where its nodes' boards come from (none: the run drives no board, like a lone clock). */
  boards?: BoardChoice;
  /** How its nodes and clocks retry their peers. */
  peers?: PeerLinkOptions;
  /** How a person moves a node whose port is taken. */
  portAdvice?: PortAdvice;
  /** How the person running it names the settings advice names (default: a program's options). */
  names?: SettingNames;
}

/**
 * Plans a run: every served node is refused beyond loopback without a token before any board is
 * opened (nothing is touched by a run that will not start), the directory is chosen, and the hooks
 * get ready (`beforeBoards`).
 */
export async function planRun(parts: RunParts, plan: RunPlan): Promise<PlannedRun> {
  const hooks = parts.hooks ?? [];
  const security = new Map<string, NodeSecurity>();
  for (const node of plan.plans.filter((p) => p.entry.role === 'server')) {
    const own = plan.security?.(node.name) ?? {};
    assertSafeToListen(node.name, node.address!.host, resolveSecurity(own), parts.names ?? optionNames);
    security.set(node.name, own);
  }
  parts.boards?.assertSerialPortTaken(plan.plans.filter((p) => p.entry.role === 'server').map((p) => ({ node: p.name, spec: p.board })));
  const chosen = hooks.find((hook) => hook.directory)?.directory!(plan) ?? circuitDirectory(plan.circuit);
  // Nodes served one call at a time (serveNode after serveNode) find each other where they listen.
  const found = withServedNodes(chosen, servedNodesOf(parts.session));
  const directory = new StartedDirectory(plan.addresses ? plan.addresses(found) : found);
  for (const hook of hooks) await hook.beforeBoards?.(plan);
  return new PlannedRun(parts, plan, directory, security);
}

/**
 * A run whose plan is made and found safe: it opens the boards, starts the served nodes and runs
 * the clocks (each as its registry entry says), telling the hooks at each moment. Whatever it
 * starts is closed with the session.
 */
export class PlannedRun {
  private readonly opened = new Set<Board>();
  private readonly hooks: readonly RunHooks[];
  private readonly context: StartContext;
  /** The served nodes started so far, by name. */
  readonly nodes = new Map<string, StartedNode>();

  constructor(
    private readonly parts: RunParts,
    private readonly plan: RunPlan,
    private readonly directory: StartedDirectory,
    private readonly security: Map<string, NodeSecurity>,
  ) {
    this.hooks = parts.hooks ?? [];
    const { reporter, clock, random } = parts.session;
    const names = parts.names ?? optionNames;
    this.context = { directory, reporter, peers: { settingNames: names, ...parts.peers }, credentials: plan.credentials, clock, random };
  }

  /** The boards opened so far, each once. */
  get boards(): Board[] {
    return [...this.opened];
  }

  /** Opens a node's board (nodes naming the same board share it); the hooks hear of each board once. */
  async openBoard(spec: BoardSpec | undefined): Promise<Board> {
    if (!this.parts.boards) throw new Error('this run drives no board');
    const board = await this.parts.boards.open(spec);
    if (!this.opened.has(board)) {
      this.opened.add(board);
      // The program's own writes through it are reported as the board's (a board node's: others' writes would be too).
      if (!this.parts.boards.drivenElsewhere(board)) this.parts.session.defer(reportOwnWrites(board, this.parts.session.reporter));
      for (const hook of this.hooks) hook.boardOpened?.(board);
    }
    return board;
  }

  /** Starts a planned served node on its board, until the session ends. */
  async serve(plan: NodePlan): Promise<StartedNode> {
    const { entry } = plan;
    if (entry.role !== 'server') throw new Error(`${plan.name} is not a served sketch`);
    if (plan.unchecked.length > 0) {
      const given = plan.unchecked.map((key) => `${key}=${JSON.stringify(plan.options[key])}`).join(' ');
      this.parts.session.reporter.report(plan.name, {
        event: 'warning',
        warning: `options passed to ${plan.name} unchecked: ${given}; its sketch declares no static options (a zod schema checks them before the board opens: docs/sketches.md)`,
        code: 'unchecked-options',
      });
    }
    const board = await this.openBoard(plan.board);
    this.parts.session.throwIfStopped();
    const security = this.security.get(plan.name) ?? {};
    const node = await withPortAdvice(plan.name, this.parts.portAdvice, this.parts.names ?? optionNames, () => entry.start(plan, { ...this.context, board, security }));
    const served = servedNodesOf(this.parts.session).add(plan.name, { host: node.host, port: node.port, ...(security.token && { token: true }), ...(security.tls && { tls: true }) });
    this.parts.session.defer(() => {
      served();
      return node.close();
    });
    this.nodes.set(plan.name, node);
    this.directory.listening(plan.name, node.port);
    const started = { name: plan.name, sketchName: this.sketchName(plan), node, board, security };
    for (const hook of this.hooks) await hook.nodeStarted?.(started);
    return node;
  }

  /** Runs the clocks side by side until each is done (or the session is stopped): their counts, and their latest ticks. */
  async runClocks(plans: NodePlan[]): Promise<ClockSummary> {
    if (plans.length === 0) return combinedSummary([]);
    const clocks: RunClock[] = plans.map((plan) => ({ name: plan.name, sketchName: this.sketchName(plan), plan }));
    for (const hook of this.hooks) await hook.clocksStarting?.(clocks);
    const pace = this.hooks.find((hook) => hook.clockPace)?.clockPace!();
    const { signal } = this.parts.session;
    const run = (clock: RunClock): Promise<ClockSummary> => {
      const { entry } = clock.plan;
      if (entry.role !== 'clock') throw new Error(`${clock.name} is not a clock`);
      return entry.start(clock.plan, {
        ...this.context,
        signal,
        pace,
        board: () => this.openBoard(clock.plan.board),
        targetTakesMs: this.frameTakesMs(clock.plan.options.target),
        starting: (board) => {
          for (const hook of this.hooks) hook.clockStarting?.(clock, board);
        },
      });
    };
    return combinedSummary(await Promise.all(clocks.map(run)));
  }

  /** The run's work is done: the hooks may keep it open until it is stopped. */
  async finish(): Promise<void> {
    for (const hook of this.hooks) await hook.finished?.();
  }

  /** How long a frame of the run's node `name` may take by its options (the iopin's holds); 0 for a node not of this run. */
  private frameTakesMs(name: unknown): number {
    const target = this.plan.plans.find((plan) => plan.name === name);
    return target?.entry.role === 'server' ? (target.entry.frameTakesMs?.(target.options) ?? 0) : 0;
  }

  private sketchName(plan: NodePlan): string {
    return this.plan.sketchName?.(plan) ?? plan.name;
  }
}
