import { connect, type MqttClient } from 'mqtt';

export interface SeenMessage {
  topic: string;
  payload: string;
  retain: boolean;
  /** performance.now() when it arrived. */
  at: number;
}

/**
 * A test's own MQTT client, like MQTT Explorer: subscribes to topics and keeps every message, so
 * a test can wait for the one it expects (no sleeps) and read what was ever published.
 */
export class MqttProbe {
  readonly messages: SeenMessage[] = [];
  private readonly waiters: Array<{ match: (m: SeenMessage) => boolean; resolve: (m: SeenMessage) => void }> = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const message = { topic, payload: payload.toString(), retain: packet.retain, at: performance.now() };
      this.messages.push(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
  }

  /** Connected and subscribed to `filters` (everything by default). */
  static async open(url: string, filters: string[] = ['#'], options: { username?: string; password?: string } = {}): Promise<MqttProbe> {
    const client = connect(url, { reconnectPeriod: 200, ...options });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const probe = new MqttProbe(client);
    await client.subscribeAsync(filters, { qos: 1 });
    return probe;
  }

  /** The first message (already seen, or still to come) on `topic` whose payload matches. */
  waitFor(topic: string, payload: string | ((text: string) => boolean) = () => true, after = 0): Promise<SeenMessage> {
    const match = (m: SeenMessage) => m.topic === topic && m.at >= after && (typeof payload === 'string' ? m.payload === payload : payload(m.payload));
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** The latest payload seen on `topic`. */
  latest(topic: string): string | undefined {
    return this.messages.filter((m) => m.topic === topic).at(-1)?.payload;
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }
}
