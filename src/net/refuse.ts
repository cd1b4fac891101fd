import { STATUS_CODES } from './node-http.js';
import type { Duplex } from 'node:stream';
import type { Refusal } from '../security/handshake.js';

/** Answers an upgrade with plain HTTP and closes the socket: the client never becomes a WebSocket. */
export function refuse(socket: Duplex, { status, reason, headers = {} }: Refusal): void {
  if (socket.destroyed) return;
  const body = `${reason}\n`;
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}`, 'Connection: close', 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`];
  for (const [header, value] of Object.entries(headers)) lines.push(`${header}: ${value}`);
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
