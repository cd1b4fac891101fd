import { BrokerConnection, type BrokerState } from './broker-connection.js';
import type { BrokerSettings } from './broker.js';
import type { NodeInfo } from './node-info.js';
import { NodeTopics, offline, online } from './topics.js';

export interface AnnouncerEvents {
  /** The link to the broker changed: connected, lost, unreachable. */
  onState?: (state: BrokerState, reason?: string) => void;
  /** The node was (re)announced: on every connection to the broker. */
  onAnnounced?: (topic: string, info: NodeInfo) => void;
}

/**
 * A node's presence in the fleet: its own broker connection, whose last will marks it `offline`,
 * opened before the node starts (so the person hears of the broker before anything the node looks
 * up through it), and its announcement once the node serves. From then on, on every connection it
 * publishes, retained, its `info` (where it serves, its sketch and board) and `online`, and every
 * keepalive the time in `seen`. It watches its own `status`: the last will of an earlier run of the
 * same node (killed, then restarted elsewhere) may land after this run said `online`, and is
 * answered with `online` again.
 */
export class Announcer {
  readonly topics: NodeTopics;
  readonly connection: BrokerConnection;
  /** What it announces; undefined until the node serves (announce()). */
  private info: NodeInfo | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  /** The latest announcement, settled once the broker has it. */
  private announced: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: BrokerSettings,
    node: string,
    private readonly events: AnnouncerEvents = {},
  ) {
    this.topics = new NodeTopics(settings.fleet, node);
    this.connection = new BrokerConnection(settings, {
      will: { topic: this.topics.status, payload: offline },
      ...(events.onState ? { onState: events.onState } : {}),
    });
    const { client } = this.connection;
    client.on('message', (topic, payload) => {
      if (topic === this.topics.status && payload.toString() !== online && this.info && !this.closed) {
        this.connection.publishRetained(this.topics.status, online);
      }
    });
    this.connection.onConnect(() => {
      if (this.info) void this.publish();
      client.subscribe(this.topics.status, { qos: 1 }, () => undefined);
    });
  }

  /**
   * Resolves once the first attempt to reach the broker is over: connected, or the broker away for
   * now (it keeps trying); rejects with advice when the broker refused the login.
   */
  started(): Promise<void> {
    return this.connection.started();
  }

  /**
   * The node serves: announces it, now and on every connection to come. Resolves once the broker has
   * the announcement, or is found away for now (it is announced when it comes).
   */
  async announce(info: NodeInfo): Promise<void> {
    this.info = info;
    this.heartbeat ??= setInterval(() => this.connection.publishRetained(this.topics.seen, new Date().toISOString()), this.settings.keepalive * 1000);
    this.heartbeat.unref();
    // Connected: now; otherwise the connection to come publishes it (onConnect).
    if (this.connection.connected) void this.publish();
    await this.connection.started();
    await this.announced;
  }

  /** Something the node announces changed (its board came back with a new identity): say it again. */
  update(change: Partial<NodeInfo>): void {
    if (!this.info) return;
    this.info = { ...this.info, ...change };
    if (this.connection.connected) void this.publish();
  }

  /** The node stops: `offline` (retained) and the time it was last seen, if it was announced, then the connection ends. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    const last = this.info
      ? [
          { topic: this.topics.seen, payload: new Date().toISOString() },
          { topic: this.topics.status, payload: offline },
        ]
      : [];
    await this.connection.close(last);
  }

  private publish(): Promise<void> {
    const info = this.info!;
    this.announced = Promise.all([
      this.connection.publishRetained(this.topics.info, JSON.stringify(info)),
      this.connection.publishRetained(this.topics.seen, new Date().toISOString()),
      this.connection.publishRetained(this.topics.status, online),
    ]).then(() => this.events.onAnnounced?.(this.topics.base, info));
    return this.announced;
  }
}
