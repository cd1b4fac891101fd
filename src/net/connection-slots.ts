import type { WebSocket } from 'ws';
import type { Reporter } from '../report/events.js';
import { closeCodes, type ConnectionLimits } from '../security/limits.js';

type SlotLimits = Pick<ConnectionLimits, 'maxConnections' | 'maxPerAddress' | 'idleMs'>;

/**
 * Who holds a node's connection slots. At most `maxConnections` clients in all and
 * `maxPerAddress` from one address (so one host can never hold every slot), and a client that
 * sends nothing at all (no frame, no ping) for `idleMs` is closed, so idle connections give their
 * slots back. A ping counts: the article's Python nodes (websockets) and pinmesh's board clients
 * ping by themselves; pinmesh's peer links reopen on their next frame.
 */
export class ConnectionSlots {
  private served = 0;
  /** Bound: one entry per address holding a slot (at most maxConnections); deleted when its last client closes. */
  private readonly perAddress = new Map<string, number>();
  private reported = { total: false, perAddress: false };

  constructor(
    private readonly name: string,
    private readonly limits: SlotLimits,
    private readonly reporter: Reporter,
  ) {}

  /** Admits `client` (true) or closes it with 1013 and the reason (false). */
  admit(client: WebSocket, remote: string, channel: string): boolean {
    const fromAddress = this.perAddress.get(remote) ?? 0;
    if (this.served >= this.limits.maxConnections) {
      return this.refuse(client, remote, 'total', `${this.name} already has ${this.limits.maxConnections} clients connected; try again later`);
    }
    if (fromAddress >= this.limits.maxPerAddress) {
      return this.refuse(client, remote, 'perAddress', `${this.name} already has ${this.limits.maxPerAddress} clients connected from ${remote}; close one, or try again later`);
    }
    this.served += 1;
    this.perAddress.set(remote, fromAddress + 1);
    // A frame only notes when it came: re-arming a timer on every frame costs a busy node more
    // than the frame's own bookkeeping. The timer, when it fires, waits out the rest of the quiet.
    let lastHeard = performance.now();
    const heard = () => {
      lastHeard = performance.now();
    };
    const checkIdle = () => {
      const quiet = performance.now() - lastHeard;
      if (quiet >= this.limits.idleMs) return this.closeIdle(client, remote, channel);
      idle = setTimeout(checkIdle, this.limits.idleMs - quiet);
      idle.unref();
    };
    let idle = setTimeout(checkIdle, this.limits.idleMs);
    idle.unref();
    client.on('message', heard);
    client.on('ping', heard);
    client.once('close', () => {
      clearTimeout(idle);
      this.served -= 1;
      const left = (this.perAddress.get(remote) ?? 1) - 1;
      if (left > 0) this.perAddress.set(remote, left);
      else this.perAddress.delete(remote);
      this.reported = { total: false, perAddress: false }; // The next time a cap is reached is news again.
    });
    return true;
  }

  private refuse(client: WebSocket, remote: string, cap: 'total' | 'perAddress', reason: string): false {
    if (!this.reported[cap]) {
      this.reported[cap] = true;
      const limit = cap === 'total' ? { limit: 'connections' as const, max: this.limits.maxConnections } : { limit: 'connections-per-address' as const, max: this.limits.maxPerAddress };
      this.reporter.report(this.name, { event: 'limit', ...limit, remote });
    }
    client.on('error', () => undefined);
    client.close(closeCodes.tryAgainLater, reason);
    return false;
  }

  private closeIdle(client: WebSocket, remote: string, channel: string): void {
    const seconds = Math.round(this.limits.idleMs / 1000);
    this.reporter.report(this.name, { event: 'limit', limit: 'idle', max: this.limits.idleMs, remote, channel });
    client.close(closeCodes.normal, `nothing received for ${seconds} s; connect again when there is something to send`);
  }
}
