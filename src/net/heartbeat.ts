import type WebSocket from 'ws';

/**
 * Finds out a peer whose network went (no FIN ever comes): a ping every `everyMs`; no pong by the
 * next one, and the socket is terminated (its 'close' follows). Stops by itself when the socket closes.
 */
export function keepAlive(socket: WebSocket, everyMs: number): void {
  let alive = true;
  socket.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, everyMs);
  heartbeat.unref();
  socket.once('close', () => clearInterval(heartbeat));
}
