import { serveClients, type RunningNode, type ServeOptions } from '../net/ws-server.js';
import { serveConnection } from './node-connection.js';
import type { Sketch } from './sketch.js';

/**
 * Serves a sketch over WebSockets (the article's `reactive` + `FactoryLoop.run`): every text frame
 * is handed to loop() with the URL path as channel, and gets exactly one text reply. Frames on one
 * connection are handled in order; connections are independent of each other.
 *
 * Every upgrade passes the handshake first (Origin policy, token, then `options.handshake`):
 * a refused client gets a plain HTTP 403/401/429 and never becomes a WebSocket.
 */
export function serveSketch(sketch: Sketch<any>, options: ServeOptions): Promise<RunningNode> {
  return serveClients(sketch.name, options, (client, context) => serveConnection(client, { sketch, ...context }));
}
