/**
 * A ByteTransport over TCP: Firmata to a board on the network (StandardFirmataWiFi on an ESP8266 or
 * ESP32, StandardFirmataEthernet on an Uno with an Ethernet shield), or to the simulated Uno exposed
 * with `pinmesh sim --tcp PORT`. Shaped like the serial transport: 'open' once bytes can flow (and to
 * every later 'open' listener while it stays open), 'data', 'close' once (an Error when the peer
 * went away, nothing when closed on purpose), 'error' only while someone listens.
 */
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { hostPort } from '../host-port.js';
import type { ByteTransport } from './byte-transport.js';

/** A board on the network that went quiet is taken for gone after keep-alive probes from this long. */
const KEEPALIVE_MS = 5_000;

export class TcpTransport extends EventEmitter implements ByteTransport {
  readonly description: string;
  private open = false;
  private closedOnPurpose = false;
  /** Settles when the most recent write has been handed to the OS. */
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(private readonly socket: Socket, description: string) {
    super();
    this.description = description;
    this.on('newListener', (event: string | symbol, listener: () => void) => {
      if (event === 'open' && this.open) process.nextTick(() => this.open && listener.call(this));
    });
    socket.on('data', (data: Buffer) => this.emit('data', data));
    socket.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    socket.on('close', () => {
      if (!this.open) return;
      this.open = false;
      if (this.closedOnPurpose) this.emit('close');
      else this.emit('close', Object.assign(new Error(`the connection to ${description} was lost`), { disconnected: true }));
    });
  }

  /** Marks the transport open (bytes can flow): called once the socket connected. */
  opened(): void {
    this.open = true;
    this.socket.setNoDelay(true);
    this.socket.setKeepAlive(true, KEEPALIVE_MS);
    this.emit('open');
  }

  get isOpen(): boolean {
    return this.open;
  }

  write(data: Buffer | number[], callback?: (error?: Error | null) => void): boolean {
    if (!this.open) {
      const error = new Error(`the connection to ${this.description} is closed`);
      if (callback) process.nextTick(callback, error);
      return false;
    }
    const written = new Promise<void>((resolve, reject) => {
      this.socket.write(Buffer.isBuffer(data) ? data : Buffer.from(data), (error) => {
        callback?.(error ?? null);
        if (error) reject(error);
        else resolve();
      });
    });
    written.catch(() => undefined);
    this.lastWrite = written;
    return true;
  }

  /** Resolves once every byte written so far was handed to the OS; rejects if the connection died first. */
  async flush(): Promise<void> {
    if (!this.open) throw new Error(`the connection to ${this.description} is closed`);
    await this.lastWrite;
    if (!this.open) throw new Error(`the connection to ${this.description} was lost`);
  }

  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    this.closedOnPurpose = true;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.end();
    // A peer that never answers the FIN does not hold the process: the socket goes after a moment.
    const timer = setTimeout(() => this.socket.destroy(), 1_000);
    await closed;
    clearTimeout(timer);
  }
}

/**
 * Connects to HOST:PORT; resolves with the open transport, rejects with the reason (refused, no
 * route, timed out after `timeoutMs`).
 */
export function openTcpTransport(host: string, port: number, timeoutMs = 10_000): Promise<TcpTransport> {
  const description = hostPort(host, port);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const transport = new TcpTransport(socket, description);
    const timer = setTimeout(() => fail(new Error(`no connection to ${description} within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const refused = (error: NodeJS.ErrnoException) => fail(new Error(connectFailure(error, description)));
    socket.once('error', refused);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', refused);
      transport.opened();
      resolve(transport);
    });
  });
}

/** Why a connection to `description` failed, in words: what the person checks differs for each. */
function connectFailure(error: NodeJS.ErrnoException, description: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'nothing listens there (connection refused)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${description} (${error.code})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `no host by that name (${error.code})`;
    default:
      return error.message;
  }
}
