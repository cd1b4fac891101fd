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
 * last will), and the directory its peers and clocks find other nodes through. The directory's
 * own connection is opened on first use, so a node with no peers opens none.
 */
export class Fleet {
  readonly label: string;
  /** Bound: one per node of this process that announces itself (the circuit's nodes). */
  private readonly members: Array<{ announcer: Announcer; state?: StatePublisher }> = [];
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
   * Announces a node: retained info and `online`, a last will saying `offline`, its board's state,
   * and (with --homeassistant) Home Assistant's discovery. Resolves once the broker answered or is
   * found away for now (the node serves on and announces when it comes); rejects with advice when
   * the broker refused the login.
   */
  async join(request: FleetMemberRequest): Promise<void> {
    const { name, board } = request;
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
    const announcer = new Announcer(this.settings, info, {
      onState: (state, reason) => this.reporter.report(name, { event: 'broker', broker: this.label, state, ...(reason ? { reason } : {}) }),
      onAnnounced: (topic, announced) => this.reporter.report(name, { event: 'announced', topic, ...(announced.url ? { url: announced.url } : {}) }),
    });
    const member: { announcer: Announcer; state?: StatePublisher } = { announcer };
    this.members.push(member);
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
    await announcer.started();
  }

  /** Every node says `offline` and leaves; the directory's connection closes. */
  async close(): Promise<void> {
    const members = this.members.splice(0);
    for (const member of members) member.state?.close();
    await Promise.all(members.map((member) => member.announcer.close()));
    await this.viewConnection?.close();
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
