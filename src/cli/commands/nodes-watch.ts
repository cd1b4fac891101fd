import type { BrokerState } from '../../fleet/broker-connection.js';
import type { FleetView } from '../../fleet/fleet-view.js';
import { listedNode, type ListedNode } from '../../fleet/fleet-listing.js';

/**
 * How long a node's offline line waits before it is said. A broker that stops (Mosquitto on SIGTERM)
 * publishes the last will of every client it drops, "offline" for every node still serving, a moment
 * before it drops the watcher too: those are no news of the nodes, and the loss of the broker that
 * follows within this time takes them back.
 */
export const OFFLINE_GRACE_MS = 1_000;

export interface WatchOutput {
  /** A node whose listing changed (status, where, sketch). */
  node(listed: ListedNode): void;
  /** The link to the broker lost (`lost`; `refused`: the login, later) or back. */
  broker(state: 'lost' | 'refused' | 'back', reason?: string): void;
}

/**
 * `pinmesh nodes --watch`: each change of the fleet said once (an announcement is several retained
 * messages arriving together), only when what the listing shows changed. While the broker is away
 * nothing is said of the nodes (their status is unknown, not offline); it is said once that it is
 * away, and once that it is back.
 */
export class FleetWatch {
  private readonly shown: Map<string, string>;
  private readonly dirty = new Set<string>();
  /** Offline lines waiting out OFFLINE_GRACE_MS, per node. Bound: one per node the view knows. */
  private readonly held = new Map<string, NodeJS.Timeout>();
  private away = false;

  constructor(
    private readonly view: FleetView,
    private readonly output: WatchOutput,
    listed: readonly ListedNode[],
    private readonly graceMs = OFFLINE_GRACE_MS,
  ) {
    this.shown = new Map(listed.map((node) => [node.node, changeKey(node)]));
    view.on('change', (node) => {
      if (this.dirty.size === 0) setImmediate(() => this.flush());
      this.dirty.add(node.name);
    });
  }

  /** What the broker connection says of itself (BrokerConnection's onState). */
  brokerState(state: BrokerState, reason?: string): void {
    if (state === 'lost' || state === 'refused') {
      if (this.away) return;
      this.away = true;
      // The offline lines the stopping broker's last wills brought are no news of the nodes.
      this.dropHeld();
      this.output.broker(state, reason);
    } else if (state === 'connected' && this.away) {
      this.away = false;
      this.output.broker('back');
    }
  }

  /** Stops the offline lines still waiting. */
  close(): void {
    this.dropHeld();
  }

  private dropHeld(): void {
    for (const timer of this.held.values()) clearTimeout(timer);
    this.held.clear();
  }

  private flush(): void {
    for (const name of [...this.dirty].sort()) this.say(name, false);
    this.dirty.clear();
  }

  private say(name: string, graceOver: boolean): void {
    if (this.away) return;
    const listed = listedNode(this.view.get(name) ?? { name, status: 'unknown' });
    const key = changeKey(listed);
    if (this.shown.get(name) === key) {
      this.cancelHeld(name);
      return;
    }
    if (listed.status === 'offline' && !graceOver) {
      if (!this.held.has(name)) {
        const timer = setTimeout(() => {
          this.held.delete(name);
          this.say(name, true);
        }, this.graceMs);
        this.held.set(name, timer);
      }
      return;
    }
    this.cancelHeld(name);
    this.shown.set(name, key);
    this.output.node(listed);
  }

  private cancelHeld(name: string): void {
    const timer = this.held.get(name);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.held.delete(name);
  }
}

function changeKey(node: ListedNode): string {
  return `${node.status} ${node.url ?? ''} ${node.sketch ?? ''}`;
}
