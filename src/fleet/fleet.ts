import type { BoardConnection, BoardIdentity } from '../boards/board.js';
import { claimsOf } from '../boards/pin-claims.js';
import { nodeUrl } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';
import type { Reporter } from '../report/events.js';
import { Announcer } from './announcer.js';
import { BrokerConnection } from './broker-connection.js';
import { brokerLabel, type BrokerSettings } from './broker.js';
import { fleetDirectory } from './fleet-directory.js';
import { FleetView } from './fleet-view.js';
import { discoveryMessages } from './homeassistant.js';
import type { NodeInfo } from './node-info.js';
import { StatePublisher } from './state-publisher.js';

/** A node joining the fleet: what it announces. */
export interface FleetMemberRequest {
  name: string;
  sketch: string;
  /** Where it serves; a node that only connects out (a clock) has none. */
  serves?: { host: string; port: number; token: boolean; tls: boolean };
  /** Its board, whose identity is announced and whose state is published. */
  board?: BoardConnection;
  version: string;
}

/**
 * This process's part in a fleet: the nodes it announces (each with its own broker connection and
 * last will, opened before the node starts), and the directory its peers and clocks find other
 * nodes through. The directory's own connection is opened on first use, so a node with no peers
 * opens none.
 */
export class Fleet {
  readonly label: string;
  /** Bound: one per node of this process that announces itself (the circuit's nodes), by name. */
  private readonly members = new Map<string, { announcer: Announcer; state?: StatePublisher }>();
  private view: Promise<FleetView> | undefined;
  private viewConnection: BrokerConnection | undefined;

  constructor(
    readonly settings: BrokerSettings,
    private readonly reporter: Reporter,
    /** The name the directory reports as ("iopin", "clock"…). */
    private readonly as: string,
  ) {
    this.label = brokerLabel(settings);
  }

  /** Finds nodes through the broker; `fallback` (the circuit file) for nodes the broker has not heard of; `tlsOnly` believes only wss:// nodes. */
  directory(options: { fallback?: { knows(name: string): boolean; directory: Directory }; tlsOnly?: boolean } = {}): Directory {
    return fleetDirectory({
      view: () => this.openView(),
      broker: this.label,
      ...(options.fallback ? { fallback: options.fallback } : {}),
      ...(options.tlsOnly ? { tlsOnly: true } : {}),
      onFound: (peer, url, previous) => this.reporter.report(this.as, { event: 'found', peer, url, ...(previous ? { previous } : {}) }),
    });
  }

  /**
   * Connects a node of this process to the broker before it starts, on its own connection (its last
   * will says `offline`), so the broker's word comes before anything the node looks up there.
   * Resolves once the broker answered or is found away for now; rejects with advice when the broker
   * refused the login.
   */
  async connect(name: string): Promise<void> {
    await this.member(name).announcer.started();
  }

  /**
   * Announces a node once it serves: retained info and `online`, its board's state, and (with
   * --homeassistant) Home Assistant's discovery; connected first if connect() was not. Resolves
   * once the broker has it or is found away for now (the node serves on and is announced when it
   * comes); rejects with advice when the broker refused the login.
   */
  async join(request: FleetMemberRequest): Promise<void> {
    const { name, board } = request;
    const member = this.member(name);
    const { announcer } = member;
    const identity = board?.online ? await board.ready() : undefined;
    const info: NodeInfo = {
      node: name,
      url: request.serves ? nodeUrl(request.serves, '') : null,
      host: request.serves?.host ?? null,
      port: request.serves?.port ?? null,
      token: request.serves?.token ?? false,
      tls: request.serves?.tls ?? false,
      sketch: request.sketch,
      board: identity ? boardInfo(identity) : null,
      pinmesh: request.version,
      since: new Date().toISOString(),
    };
    if (board) {
      member.state = new StatePublisher(announcer.connection, announcer.topics, board);
      board.on('online', (again) => announcer.update({ board: boardInfo(again) }));
      if (this.settings.homeassistant) {
        const messages = () =>
          discoveryMessages({ topics: announcer.topics, pins: claimsOf(board).pinsOf(name), sketch: request.sketch, version: request.version, prefix: this.settings.discoveryPrefix });
        announcer.connection.onConnect(() => {
          for (const { topic, config } of messages()) announcer.connection.publishRetained(topic, JSON.stringify(config));
        });
      }
    }
    await announcer.announce(info);
  }

  /** Every node says `offline` and leaves; the directory's connection closes. */
  async close(): Promise<void> {
    const members = [...this.members.values()];
    this.members.clear();
    for (const member of members) member.state?.close();
    await Promise.all(members.map((member) => member.announcer.close()));
    await this.viewConnection?.close();
  }

  /** The node's place in the fleet: its announcer, made (and connecting) on first ask. */
  private member(name: string): { announcer: Announcer; state?: StatePublisher } {
    let member = this.members.get(name);
    if (!member) {
      const announcer = new Announcer(this.settings, name, {
        onState: (state, reason) => this.reporter.report(name, { event: 'broker', broker: this.label, state, ...(reason ? { reason } : {}) }),
        onAnnounced: (topic, announced) => this.reporter.report(name, { event: 'announced', topic, ...(announced.url ? { url: announced.url } : {}) }),
      });
      member = { announcer };
      this.members.set(name, member);
    }
    return member;
  }

  private openView(): Promise<FleetView> {
    this.view ??= (async () => {
      const connection = new BrokerConnection(this.settings);
      this.viewConnection = connection;
      const view = new FleetView(connection, this.settings.fleet);
      view.on('ignored', (node, reason) =>
        this.reporter.report(this.as, { event: 'warning', warning: `ignored the announcement of ${node} on ${this.label}: ${reason}`, code: 'bad-announcement' }),
      );
      // The fleet as it is now, unless the broker is away: then the circuit file or a later try.
      await connection.started();
      if (connection.connected) await view.synced();
      return view;
    })();
    return this.view;
  }
}

function boardInfo(identity: BoardIdentity): NodeInfo['board'] {
  return { kind: identity.kind, firmware: identity.firmware, version: identity.version, port: identity.port };
}
