/**
 * The test's own WebSocket client to a node: one connection per channel, kept open, each frame
 * sent answered by the next reply (a node answers every text frame once, in order; docs/protocol.md).
 * A send still waiting when the bench stops (close()) rejects saying so: the test most likely did
 * not await it (`assert.equal(bench.send(…), …)`), where it used to fail with the socket's ECONNRESET.
 * The bench's stop closes each connection as a client that is done does (1000, normal closure), so
 * the node reports `disconnected … (1000)`, not the 1006 of a connection cut.
 */
import { WebSocket } from '../net/ws-package.js';

interface Waiter {
  resolve(reply: string): void;
  /** The bench stopped, or the node closed the connection, before the reply. */
  cutOff(): void;
}

export class FrameClient {
  // Bound: one connection per channel the test sends on.
  private readonly sockets = new Map<string, Promise<{ socket: WebSocket; waiting: Waiter[] }>>();
  private closed = false;

  constructor(private readonly baseUrl: string) {}

  /** Sends `message` on `channel` ("/desk"); resolves with the node's reply. */
  async send(channel: string, message: string): Promise<string> {
    const stopped = () => new Error(`the bench stopped before the reply to ${JSON.stringify(message)} on ${channel}: was send() awaited?`);
    let open: { socket: WebSocket; waiting: Waiter[] };
    try {
      open = await this.connection(channel);
    } catch (error) {
      throw this.closed ? stopped() : error;
    }
    if (this.closed) throw stopped();
    const { socket, waiting } = open;
    return new Promise<string>((resolve, reject) => {
      waiting.push({ resolve, cutOff: () => reject(this.closed ? stopped() : new Error(`the node closed ${channel} before the reply to ${JSON.stringify(message)}`)) });
      socket.send(message, (error) => error && reject(this.closed ? stopped() : error));
    });
  }

  /** Closes every connection cleanly (1000); resolves once each is closed, or cut after `limitMs` of the wall's time (a node that never answers the close). */
  async close(limitMs = 2_000): Promise<void> {
    this.closed = true;
    const open = [...this.sockets.values()];
    this.sockets.clear();
    await Promise.all(
      open.map((opening) =>
        opening.then(
          ({ socket, waiting }) => {
            for (const waiter of waiting.splice(0)) waiter.cutOff();
            return closed(socket, limitMs);
          },
          () => undefined,
        ),
      ),
    );
  }

  private connection(channel: string) {
    const path = channel.startsWith('/') ? channel : `/${channel}`;
    let open = this.sockets.get(path);
    if (!open) {
      open = new Promise((resolve, reject) => {
        const socket = new WebSocket(new URL(path, this.baseUrl).href);
        const waiting: Waiter[] = [];
        socket.on('message', (data) => waiting.shift()?.resolve(data.toString()));
        socket.once('open', () => resolve({ socket, waiting }));
        socket.once('error', reject);
        socket.on('close', () => {
          this.sockets.delete(path);
          for (const waiter of waiting.splice(0)) waiter.cutOff();
        });
      });
      this.sockets.set(path, open);
    }
    return open;
  }
}

/** Closes `socket` with 1000 and resolves once it is closed; cuts it if the close is not answered within `limitMs`. */
function closed(socket: WebSocket, limitMs: number): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const cut = setTimeout(() => socket.terminate(), limitMs).unref();
    socket.once('close', () => {
      clearTimeout(cut);
      resolve();
    });
    socket.close(1000, 'the bench stopped');
  });
}
