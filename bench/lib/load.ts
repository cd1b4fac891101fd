/**
 * The load generator: WebSocket clients on 127.0.0.1 sending text frames and counting the one
 * reply each frame gets. Every run is bounded in frames AND in time.
 */
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { connect } from './ws-request.js';

export interface Bounds {
  /** At most this many frames in all. */
  frames: number;
  /** Stop sending after this many ms (replies still in flight are awaited). */
  ms: number;
}

export interface Shape {
  connections: number;
  /** Frames in flight on each connection: 1 is stop-and-wait. */
  depth: number;
}

/** The buzzer's own vocabulary, alternating, so a buzzer really switches its piezo on and off. */
const frame = (n: number): string => (n % 2 === 0 ? '1' : '0');

/**
 * Connection `index`'s source address: 127.0.0.2, 127.0.0.3, … (up to 254 connections), each a
 * client of its own, as distinct clients are. Loopback answers for all of 127/8 on Linux; a node
 * admits at most 32 connections from one address (src/net/connection-slots.ts), so 100 clients
 * from 127.0.0.1 would be refused as one host hogging it.
 */
export function clientAddress(index: number): string {
  if (index < 0 || index > 252) throw new Error(`the load spreads its clients over 127.0.0.2–254: no address for connection ${index}`);
  return `127.0.0.${index + 2}`;
}

/** Replies per second, over `shape`, within `bounds`. */
export async function throughput(url: string, shape: Shape, bounds: Bounds): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: shape.connections }, (_, index) => connect(url, clientAddress(index))));
  try {
    return await drive(sockets, shape.depth, bounds);
  } finally {
    for (const socket of sockets) socket.terminate();
  }
}

function drive(sockets: WebSocket[], depth: number, bounds: Bounds): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const deadline = started + bounds.ms;
    let sent = 0;
    let received = 0;
    const stuck = setTimeout(() => finish(new Error(`no end to the replies ${bounds.ms + 15_000} ms after the start`)), bounds.ms + 15_000);
    const finish = (error?: Error): void => {
      clearTimeout(stuck);
      for (const socket of sockets) socket.removeAllListeners('message').removeAllListeners('close');
      if (error) reject(error);
      else resolve(received / ((performance.now() - started) / 1000));
    };
    const sendOn = (socket: WebSocket): void => {
      socket.send(frame(sent));
      sent++;
    };
    const mayStillSend = (): boolean => sent < bounds.frames && performance.now() < deadline;
    for (const socket of sockets) {
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        received++;
        if (isBinary || data.toString().startsWith('error:')) return finish(new Error(`unexpected reply: ${data.toString()}`));
        if (mayStillSend()) sendOn(socket);
        else if (received === sent) finish();
      });
      socket.on('close', () => finish(new Error('the server closed a connection mid-run')));
    }
    for (let i = 0; i < depth; i++) for (const socket of sockets) if (sent < bounds.frames) sendOn(socket);
  });
}
