import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** How long a client may take to send a whole request (headers), in ms. */
export const UNFINISHED_REQUEST_MS = 10_000;

/**
 * Cuts a client that opens a connection and does not finish its request within 10 s (silent for
 * 10 s before its headers are whole). Node's headersTimeout alone does not cut a request left
 * unfinished, so each socket has its own timer: stopped once a request is whole (a request, or an
 * upgrade: call `requestWhole`), started again when its answer is done (the next request on a
 * kept-alive connection must be whole in 10 s too). Used by every server pinmesh owns: the nodes'
 * and the live view's.
 */
export function cutUnfinishedRequests(server: HttpServer | HttpsServer, secure: boolean): void {
  server.headersTimeout = UNFINISHED_REQUEST_MS;
  server.on(secure ? 'secureConnection' : 'connection', (socket: Socket) => socket.setTimeout(UNFINISHED_REQUEST_MS, () => socket.destroy()));
  server.on('request', (request, response) => {
    const socket = request.socket;
    socket.setTimeout(0); // whole: however long its answer takes (the view's feed streams for hours)
    response.once('finish', () => {
      if (!socket.destroyed) socket.setTimeout(UNFINISHED_REQUEST_MS);
    });
  });
}

/** The request on `socket` is whole (an upgrade that became a WebSocket): the 10 s cut no longer applies. */
export function requestWhole(socket: Duplex): void {
  if ('setTimeout' in socket) (socket as Socket).setTimeout(0);
}
