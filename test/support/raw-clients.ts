import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';

/** What an upgrade attempt came to: a WebSocket, or a plain HTTP refusal with its body. */
export type UpgradeOutcome = { open: WebSocket } | { status: number; body: string; headers: IncomingMessage['headers'] };

/** Tries an upgrade and reports how the node answered it, without treating a refusal as an error. */
export function tryUpgrade(url: string, options: ClientOptions = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve({ open: socket }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
      socket.on('error', () => undefined);
    });
    socket.once('error', reject);
  });
}

/** The code and reason the node closed a connection with. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve({ code: 1006, reason: '' });
    socket.on('error', () => undefined);
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Opens a WebSocket or fails the test with the node's refusal. */
export async function open(url: string, options: ClientOptions = {}): Promise<WebSocket> {
  const outcome = await tryUpgrade(url, options);
  if ('open' in outcome) return outcome.open;
  throw new Error(`upgrade refused: HTTP ${outcome.status} ${outcome.body}`);
}

/** Sends one frame and waits for the next reply. */
export function request(socket: WebSocket, message: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      socket.off('close', onClose);
      resolve(data.toString());
    };
    const onClose = (code: number) => {
      socket.off('message', onMessage);
      reject(new Error(`closed (${code}) before the reply`));
    };
    socket.once('message', onMessage);
    socket.once('close', onClose);
    socket.send(message);
  });
}
