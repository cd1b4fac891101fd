/**
 * The test's own WebSocket client to a node: one connection per channel, kept open, each frame
 * sent answered by the next reply (a node answers every text frame once, in order; docs/protocol.md).
 */
import WebSocket from 'ws';

export class FrameClient {
  // Bound: one connection per channel the test sends on.
  private readonly sockets = new Map<string, Promise<{ socket: WebSocket; waiting: Array<(reply: string) => void> }>>();

  constructor(private readonly baseUrl: string) {}

  /** Sends `message` on `channel` ("/desk"); resolves with the node's reply. */
  async send(channel: string, message: string): Promise<string> {
    const { socket, waiting } = await this.connection(channel);
    return new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      socket.send(message, (error) => error && reject(error));
    });
  }

  close(): void {
    for (const open of this.sockets.values()) void open.then(({ socket }) => socket.terminate(), () => undefined);
    this.sockets.clear();
  }

  private connection(channel: string) {
    const path = channel.startsWith('/') ? channel : `/${channel}`;
    let open = this.sockets.get(path);
    if (!open) {
      open = new Promise((resolve, reject) => {
        const socket = new WebSocket(new URL(path, this.baseUrl).href);
        const waiting: Array<(reply: string) => void> = [];
        socket.on('message', (data) => waiting.shift()?.(data.toString()));
        socket.once('open', () => resolve({ socket, waiting }));
        socket.once('error', reject);
        socket.on('close', () => this.sockets.delete(path));
      });
      this.sockets.set(path, open);
    }
    return open;
  }
}
