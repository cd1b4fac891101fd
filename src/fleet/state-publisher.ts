import type { BoardConnection, InputObservation, PinObservation, PwmObservation } from '../boards/board.js';
import { claimsOf } from '../boards/pin-claims.js';
import type { BrokerConnection } from './broker-connection.js';
import type { NodeTopics, StateKind } from './topics.js';

/** At most one publish per topic in this many ms; the latest value always goes out. */
const minInterval = 100;

/**
 * Publishes what the board does on one node's pins, retained, on the node's state topics: the
 * LED's level, the piezo on or off, other PWM duties and inputs, and the board's own link
 * (`state/board`: online or offline). Values only on change, and at most ten a second a topic
 * (the last one always goes out), so a fast circuit does not flood the broker. Republished on
 * every connection to the broker.
 */
export class StatePublisher {
  /** Bound (these three): one entry per state topic of the node: the board's link and one per pin it uses. */
  private readonly latest = new Map<string, string>();
  private readonly sent = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly topics: NodeTopics,
    board: BoardConnection,
  ) {
    const node = topics.node;
    const claims = claimsOf(board);
    const owns = (pin: number) => claims.holds(node, pin);
    const onPin = (o: PinObservation) => owns(o.pin) && this.set('pin', o.pin, String(o.value));
    const onPwm = (o: PwmObservation) => {
      if (!owns(o.pin)) return;
      if (claims.useOf(o.pin) === 'piezo') this.set('piezo', o.pin, o.duty > 0 ? '1' : '0');
      else this.set('pwm', o.pin, String(o.duty));
    };
    const onInput = (o: InputObservation) => owns(o.pin) && this.set('input', o.pin, String(o.value));
    const onOnline = () => this.set('board', undefined, 'online');
    const onOffline = () => this.set('board', undefined, 'offline');
    board.on('pin', onPin).on('pwm', onPwm).on('input', onInput).on('online', onOnline).on('offline', onOffline);
    this.set('board', undefined, board.online ? 'online' : 'offline');
    this.unsubscribe = () => {
      board.off('pin', onPin).off('pwm', onPwm).off('input', onInput).off('online', onOnline).off('offline', onOffline);
    };
    connection.onConnect(() => {
      this.sent.clear();
      for (const topic of this.latest.keys()) this.flush(topic);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private set(kind: StateKind, pin: number | undefined, value: string): void {
    const topic = this.topics.state(kind, pin);
    this.latest.set(topic, value);
    if (!this.timers.has(topic)) this.flush(topic);
  }

  private flush(topic: string): void {
    const value = this.latest.get(topic);
    if (value === undefined || this.sent.get(topic) === value || !this.connection.connected) return;
    this.connection.publishRetained(topic, value);
    this.sent.set(topic, value);
    const timer = setTimeout(() => {
      this.timers.delete(topic);
      this.flush(topic);
    }, minInterval);
    timer.unref();
    this.timers.set(topic, timer);
  }
}
