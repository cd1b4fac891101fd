import { EventEmitter } from 'node:events';
import type { BrokerConnection } from './broker-connection.js';
import { maxAnnouncementBytes, parseNodeInfo, type NodeInfo } from './node-info.js';

/** Distinct nodes whose bad announcements are reported; past that, they are ignored quietly. */
const maxIgnoredReported = 64;
import { checkTopicName, fleetFilters, offline, online, parsePresenceTopic, topicRoot } from './topics.js';

/** What the fleet knows of one node. */
export interface FleetNode {
  name: string;
  /** Its latest announcement (kept when it goes offline: the last known address). */
  info?: NodeInfo;
  status: 'online' | 'offline' | 'unknown';
  /** When it last said it was alive (its `seen`), or when this view saw it online. */
  lastSeen?: string;
}

/**
 * Nodes a view remembers at most. A node that is online is always kept (their number is the nodes
 * really running); beyond this many, the offline (or unknown) node heard of longest ago is forgotten,
 * as if its announcement had been cleared: a fleet where nodes come and go under new names all term
 * (a broker keeping every old announcement retained) costs at most this many entries of ~1 KB.
 */
export const MAX_REMEMBERED_NODES = 1_000;

/**
 * The fleet as the broker's retained messages tell it, kept up to date: every node's status, info
 * and last-seen time. It keeps what it learnt while the broker is away (the last known addresses).
 * `synced()` resolves once the retained messages present when it subscribed have all arrived.
 * Bounded: `nodes` holds every node online and at most `maxNodes` in all otherwise (see
 * MAX_REMEMBERED_NODES); it is kept in the order nodes were last heard of, oldest first.
 */
export class FleetView extends EventEmitter<{ change: [node: FleetNode]; ignored: [node: string, reason: string] }> {
  readonly nodes = new Map<string, FleetNode>();
  /** Nodes whose bad announcement was already reported (bounded: a flood of names says it once). */
  private readonly ignoredNodes = new Set<string>();
  private readonly syncTopic: string;
  private readonly sync: Promise<void>;

  constructor(
    readonly connection: BrokerConnection,
    readonly fleet: string,
    private readonly maxNodes = MAX_REMEMBERED_NODES,
  ) {
    super();
    checkTopicName(fleet, 'fleet');
    const client = connection.client;
    this.syncTopic = `${topicRoot}/${fleet}/_sync/${client.options.clientId}`;
    let synced!: () => void;
    this.sync = new Promise<void>((resolve) => (synced = resolve));
    client.on('message', (topic, payload) => {
      if (topic === this.syncTopic) return synced();
      this.take(topic, payload);
    });
    // The broker queues the retained messages of a subscription before anything published after its
    // SUBACK, so the echo of a message sent to ourselves then comes after all of them.
    connection.onConnect(() => {
      client.subscribe([...fleetFilters(fleet), this.syncTopic], { qos: 1 }, (error) => {
        if (!error) client.publish(this.syncTopic, '', { qos: 1 }, () => undefined);
      });
    });
  }

  /** Resolves once the fleet as it was on subscribing is known. */
  synced(): Promise<void> {
    return this.sync;
  }

  get(name: string): FleetNode | undefined {
    return this.nodes.get(name);
  }

  private take(topic: string, payload: Buffer): void {
    const where = parsePresenceTopic(topic);
    if (!where || where.fleet !== this.fleet) return;
    const text = payload.toString();
    const node = this.nodes.get(where.node) ?? { name: where.node, status: 'unknown' as const };
    if (where.leaf === 'info') {
      if (text === '') {
        // Someone cleared the announcement (a retained message deleted): forget the node.
        this.nodes.delete(where.node);
        this.emit('change', { name: where.node, status: 'unknown' });
        return;
      }
      const info = parseNodeInfo(payload);
      if (!info || info.node !== where.node) {
        // Not a pinmesh announcement, or too big: ignored, what was known of the node kept.
        const reason = payload.length > maxAnnouncementBytes ? `it is ${payload.length} bytes, more than ${maxAnnouncementBytes}` : 'it is not a pinmesh announcement';
        return this.ignore(where.node, reason);
      }
      node.info = info;
    } else if (where.leaf === 'status') {
      if (text !== online && text !== offline) return;
      node.status = text;
      if (text === online) node.lastSeen = new Date().toISOString();
    } else {
      if (Number.isNaN(Date.parse(text))) return;
      if (!node.lastSeen || Date.parse(text) > Date.parse(node.lastSeen)) node.lastSeen = text;
      if (node.status === online) return this.remember(node); // a heartbeat changes nothing worth saying
    }
    this.remember(node);
    this.emit('change', { ...node });
  }

  /** Keeps `node` as the one heard of last; forgets the offline ones heard of longest ago beyond `maxNodes`. */
  private remember(node: FleetNode): void {
    this.nodes.delete(node.name);
    this.nodes.set(node.name, node);
    if (this.nodes.size <= this.maxNodes) return;
    for (const [name, kept] of this.nodes) {
      if (this.nodes.size <= this.maxNodes) break;
      if (kept.status === online) continue;
      this.nodes.delete(name);
      this.emit('change', { name, status: 'unknown' });
    }
  }

  private ignore(node: string, reason: string): void {
    if (this.ignoredNodes.has(node) || this.ignoredNodes.size >= maxIgnoredReported) return;
    this.ignoredNodes.add(node);
    this.emit('ignored', node, reason);
  }
}
