import { WebSocketServer } from 'ws';

/**
 * What a clock or a button ticks, for the soak of the clock alone: a WebSocket server on
 * 127.0.0.1 that answers every text frame at once, as an iopin does once its bits are played
 * ("ack <tick>"). The soak measures the clock, so its target is kept out of the way.
 */
export class AckServer {
  frames = 0;

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        this.frames += 1;
        socket.send(`ack ${data.toString()}`);
      });
    });
  }

  static async start(): Promise<AckServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve, reject) => (server.once('listening', resolve), server.once('error', reject)));
    return new AckServer(server);
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
