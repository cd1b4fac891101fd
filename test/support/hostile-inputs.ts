import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { Memory } from './node-under-test.js';
import { closed, open, request, tryUpgrade } from './raw-clients.js';

/** A node to attack: a buzzer on 127.0.0.1 that wants `token`. */
export interface Target {
  port: number;
  token: string;
  /** The node's memory now (after a full GC): offenders call it at their worst moment. */
  measure(): Promise<Memory>;
}

export interface Offence {
  /** What the offender got back, in a few words. */
  got: string;
  /** The node's memory at the offender's worst moment, when the offence holds resources. */
  peak?: Memory;
}

export interface HostileInput {
  name: string;
  run(target: Target): Promise<Offence>;
}

const url = (target: Target, path = '/iopin') => `ws://127.0.0.1:${target.port}${path}`;
const auth = (target: Target) => ({ headers: { Authorization: `Bearer ${target.token}` } });

/** Opens an authenticated WebSocket; most offenders are let in, to test what comes after the door. */
const inside = (target: Target, path?: string) => open(url(target, path), auth(target));

function refusal(outcome: Awaited<ReturnType<typeof tryUpgrade>>): string {
  if ('open' in outcome) {
    outcome.open.close();
    return 'a WebSocket (NOT refused)';
  }
  return `HTTP ${outcome.status}`;
}

function closedWith({ code, reason }: { code: number; reason: string }): string {
  return `close ${code}${reason ? ` "${reason}"` : ''}`;
}

/** Sends raw bytes on a fresh TCP connection and collects what comes back until the node closes it. */
function rawExchange(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
    socket.write(bytes);
  });
}

/** A raw upgrade request for a literal path (a client library would normalise `/../..`). */
function rawUpgrade(target: Target, path: string): Promise<{ status: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, '127.0.0.1');
    socket.on('error', reject);
    socket.once('data', (chunk) => resolve({ status: chunk.toString('latin1').split('\r\n')[0]!, socket }));
    socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${target.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        `Authorization: Bearer ${target.token}`,
        '',
        '',
      ].join('\r\n'),
    );
  });
}

/** A masked client text frame, as RFC 6455 §5.2 lays it out. */
function maskedTextFrame(payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

async function replyOrClose(socket: WebSocket, message: string | Buffer, options?: { binary: boolean }): Promise<string> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(`reply ${JSON.stringify(data.toString().slice(0, 60))}`));
    void closed(socket).then((how) => resolve(closedWith(how)));
    socket.send(message, options ?? {});
  });
}

export const hostileInputs: HostileInput[] = [
  {
    name: 'binary frame',
    async run(target) {
      const socket = await inside(target);
      const got = await replyOrClose(socket, Buffer.from([1, 0, 1]));
      socket.close();
      return { got };
    },
  },
  {
    name: '2 MB frame',
    async run(target) {
      const socket = await inside(target);
      return { got: await replyOrClose(socket, '1'.repeat(2 * 1024 * 1024)) };
    },
  },
  {
    name: 'invalid UTF-8 in a text frame',
    async run(target) {
      const socket = await inside(target);
      return { got: await replyOrClose(socket, Buffer.from([0x31, 0xff, 0xfe, 0xc0]), { binary: false }) };
    },
  },
  {
    name: 'empty frame',
    async run(target) {
      const socket = await inside(target);
      const got = await replyOrClose(socket, '');
      socket.close();
      return { got };
    },
  },
  {
    name: '60 KB frame that is no bit',
    async run(target) {
      const socket = await inside(target);
      const reply = await new Promise<string>((resolve) => {
        socket.once('message', (data) => resolve(data.toString()));
        socket.send('2'.repeat(60_000));
      });
      socket.close();
      return { got: `${reply.length} characters: ${JSON.stringify(reply)}` };
    },
  },
  {
    name: '10,000 pipelined frames',
    async run(target) {
      const socket = await inside(target);
      let replies = 0;
      socket.on('message', () => (replies += 1));
      const end = new Promise<string>((resolve) => {
        socket.on('message', () => replies === 10_000 && resolve('all replied'));
        void closed(socket).then((how) => resolve(closedWith(how)));
      });
      for (let i = 0; i < 10_000; i++) socket.send(i % 2 ? '1' : '0');
      const how = await end;
      socket.close();
      return { got: `${replies} replies, then ${how}` };
    },
  },
  {
    name: 'a client that never reads',
    async run(target) {
      const socket = await inside(target);
      const raw = (socket as unknown as { _socket: Socket })._socket;
      raw.pause(); // Reads none of the replies.
      const frame = 'x'.repeat(1000); // Answered with an error; the piezo is left alone.
      let sent = 0;
      while (sent < 20_000 && socket.bufferedAmount < 4 * 1024 * 1024) {
        socket.send(frame);
        sent += 1;
        if (sent % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const stuck = socket.bufferedAmount;
      const peak = await target.measure();
      socket.terminate();
      return { got: `read from until its replies backed up: sent ${sent} × 1 KB frames, ${(stuck / 2 ** 20).toFixed(1)} MB left unsent on its side`, peak };
    },
  },
  {
    name: '1,000 connections',
    async run(target) {
      const clients = await Promise.all(
        Array.from({ length: 1000 }, async () => {
          const socket = await inside(target, '/many');
          // Listened for at once: an over-cap client is closed right after it opens.
          const end = closed(socket).then(closedWith);
          return { socket, end };
        }),
      );
      const outcomes = await Promise.all(
        clients.map(({ socket, end }) => {
          if (socket.readyState !== WebSocket.OPEN) return end;
          const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(`reply ${JSON.stringify(data.toString())}`)));
          socket.send('0');
          return Promise.race([reply, end]);
        }),
      );
      const peak = await target.measure();
      const counts = new Map<string, number>();
      for (const outcome of outcomes) {
        const kind = outcome.startsWith('reply') ? 'served' : outcome;
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      clients.forEach(({ socket }) => socket.terminate());
      await Promise.all(clients.map(({ end }) => end));
      return { got: [...counts].map(([kind, count]) => `${count} ${kind}`).join(', '), peak };
    },
  },
  {
    name: 'odd paths (/../.., %00, 8 KB)',
    async run(target) {
      const dots = await rawUpgrade(target, '/../..');
      dots.socket.destroy();
      const got: string[] = [`/../..: ${dots.status.replace('HTTP/1.1 ', '')}`];
      for (const path of ['/%00', `/${'p'.repeat(8 * 1024)}`]) {
        const socket = await inside(target, path);
        got.push(`${path.length > 20 ? '8 KB path' : path}: ${await request(socket, '0')}`);
        socket.close();
      }
      return { got: got.join('; ') };
    },
  },
  {
    name: 'plain HTTP request',
    async run(target) {
      const response = await fetch(`http://127.0.0.1:${target.port}/`);
      await response.text();
      return { got: `HTTP ${response.status}` };
    },
  },
  {
    name: 'garbage bytes on the port',
    async run(target) {
      const answer = await rawExchange(target.port, randomBytes(4096));
      return { got: answer.split('\r\n')[0] || 'connection closed' };
    },
  },
  {
    name: 'evil Origin',
    async run(target) {
      return { got: refusal(await tryUpgrade(url(target), { origin: 'http://evil.example', ...auth(target) })) };
    },
  },
  {
    name: 'wrong token',
    async run(target) {
      return { got: refusal(await tryUpgrade(url(target), { headers: { Authorization: 'Bearer not-the-token-at-all' } })) };
    },
  },
  {
    name: 'no token',
    async run(target) {
      return { got: refusal(await tryUpgrade(url(target))) };
    },
  },
  {
    name: 'reset mid-frame',
    async run(target) {
      const { status, socket } = await rawUpgrade(target, '/reset');
      const frame = maskedTextFrame(Buffer.from('1'.repeat(1000)));
      await new Promise<void>((resolve) => socket.write(frame.subarray(0, 20), () => resolve()));
      socket.resetAndDestroy();
      return { got: `${status.replace('HTTP/1.1 ', '')}, then its own reset` };
    },
  },
];

/** A well-behaved client: a fresh connection that must get the article's replies. */
export async function wellBehaved(target: Target): Promise<string[]> {
  const socket = await inside(target, '/iopin');
  const replies = [await request(socket, '1'), await request(socket, '0')];
  socket.close();
  await closed(socket);
  return replies;
}
