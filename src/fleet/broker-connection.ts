import type { IClientOptions, MqttClient } from 'mqtt';
import { connect } from './mqtt-package.js';
import { errorMessage } from '../errors.js';
import { brokerLabel, clientId, type BrokerSettings } from './broker.js';
import { isLoginRefused, loginRefused } from './login-refused.js';

/** How the link to the broker is doing: said once per change, never once per retry; `refused`: the login, tried again every 30 s. */
export type BrokerState = 'connected' | 'lost' | 'unreachable' | 'refused';

export interface BrokerConnectionOptions {
  /** Published by the broker when this connection dies without saying goodbye (the last will). */
  will?: { topic: string; payload: string };
  onState?: (state: BrokerState, reason?: string) => void;
}

/**
 * The largest MQTT packet this client takes (MQTT 5's Maximum Packet Size): the broker does not
 * send it anything bigger (Mosquitto drops it for this client), so a huge retained message on the
 * fleet's topics never reaches a node's memory. pinmesh's own messages are under 1 KB.
 */
export const maxBrokerPacket = 64 * 1024;

/** How soon mqtt.js tries the broker again after losing it, and after it refused the login. */
const RECONNECT_MS = 1_000;
const REFUSED_RETRY_MS = 30_000;

/**
 * One connection to the broker, kept up by mqtt.js (it reconnects every second while the broker is
 * away). Whatever must be on the broker is (re)published by the `onConnect` hooks on every
 * connection, so a restarted broker that lost its retained messages gets them back.
 */
export class BrokerConnection {
  readonly client: MqttClient;
  readonly label: string;
  /** Bound: one per onConnect() caller (the announcer, the fleet view, the state publisher), added once each. */
  private readonly hooks: Array<() => void> = [];
  private state: BrokerState | undefined;
  private readonly outcome: Promise<void>;
  private closing = false;

  constructor(
    readonly settings: BrokerSettings,
    private readonly options: BrokerConnectionOptions = {},
  ) {
    this.label = brokerLabel(settings);
    const { will } = options;
    const clientOptions: IClientOptions = {
      clientId: clientId(),
      protocolVersion: 5,
      properties: { maximumPacketSize: maxBrokerPacket },
      clean: true,
      keepalive: settings.keepalive,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: 5_000,
      ...(settings.username !== undefined ? { username: settings.username } : {}),
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
      ...(will ? { will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: true } } : {}),
    };
    this.client = connect(settings.url, clientOptions);
    this.outcome = new Promise<void>((resolve, reject) => {
      this.client.once('connect', () => resolve());
      this.client.on('error', (error) => {
        if (isLoginRefused(error)) {
          const advice = loginRefused(settings, error);
          if (this.state === undefined) {
            // At start the broker is there and said no: not "unreachable, retrying", since no retry
            // mends it. The command exits with the advice.
            this.client.end(true);
            reject(advice);
            return;
          }
          // Later (a broker that was away at first, or restarted with other passwords): said once, and
          // tried again every 30 s rather than every second, so a login fixed on the broker is found
          // without restarting every node, and the broker's log is not filled with refusals.
          this.setState('refused', advice.message);
          this.client.options.reconnectPeriod = REFUSED_RETRY_MS;
          return;
        }
        if (this.state === undefined) this.setState('unreachable', describe(error)); // said once; 'lost' already says it after a drop
        resolve(); // Away for now: serve on, and keep trying.
      });
    });
    this.outcome.catch(() => undefined);
    this.client.on('connect', () => {
      this.client.options.reconnectPeriod = RECONNECT_MS;
      this.setState('connected');
      for (const hook of this.hooks) hook();
    });
    this.client.on('close', () => {
      if (this.state === 'connected' && !this.closing) this.setState('lost', 'the connection closed');
    });
  }

  /**
   * Resolves once the first attempt is over: connected, or the broker not reachable for now (it
   * keeps trying). Rejects with advice when the broker refused the login: retrying will not mend it.
   */
  started(): Promise<void> {
    return this.outcome;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Runs `hook` on every connection to the broker, and now if connected. */
  onConnect(hook: () => void): void {
    this.hooks.push(hook);
    if (this.client.connected) hook();
  }

  /**
   * Publishes a retained value, if the broker is there (the hooks publish the current values again
   * on reconnect). Resolves once the broker has it, or the connection is gone; never rejects.
   */
  publishRetained(topic: string, payload: string): Promise<void> {
    if (!this.client.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const gone = () => resolve();
      this.client.once('close', gone);
      this.client.publish(topic, payload, { qos: 1, retain: true }, () => {
        this.client.off('close', gone);
        resolve();
      });
    });
  }

  /** Says `last` (retained, e.g. "offline") if connected, then leaves; bounded, so a dead broker never holds up an exit. */
  async close(last: Array<{ topic: string; payload: string }> = []): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const client = this.client;
    if (client.connected) {
      await Promise.race([
        Promise.all(last.map(({ topic, payload }) => client.publishAsync(topic, payload, { qos: 1, retain: true }).catch(() => undefined))),
        new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
      ]);
      await Promise.race([client.endAsync(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
    client.end(true);
  }

  private setState(state: BrokerState, reason?: string): void {
    if (this.state === state || this.closing) return;
    this.state = state;
    this.options.onState?.(state, reason);
  }
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : errorMessage(error);
}
