/**
 * Issue 19's rows 4, 8, 9 and 12 (what was left), against the real CLI (dist/, so npm run build
 * first), from loopback only: `node --import tsx bench/slot-attacks.ts`. Prints one line per
 * figure. Takes about 3 minutes, most of it waiting for the 2-minute idle timeout. `ROWS=4,9`
 * runs only those rows; `PINMESH_MAIN=/path/to/main.js` measures another build (the one before).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../src/boards/remote/protocol.js';
import { EventReporter } from '../src/report/events.js';
import { ViewServer } from '../src/view/view-server.js';
import { freePort } from './lib/free-port.js';
import { scratchDir } from './lib/scratch-dir.js';

const secret = 'bench-slot-token-0123456789abcdefXYZ';
const main = process.env.PINMESH_MAIN ?? 'dist/lib/cli.js';
const rows = new Set((process.env.ROWS ?? '4,8,9,12').split(','));

interface Cli {
  child: ChildProcess;
  events: Array<{ event: string; at: number; [key: string]: unknown }>;
  url: string;
  stop(): void;
}

/** Starts `pinmesh …` with --json and waits for it to listen. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Cli> {
  const child = spawn(process.execPath, [main, ...args, '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const events: Cli['events'] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = { ...(JSON.parse(line) as { event: string }), at: performance.now() };
      events.push(event);
      if (event.event === 'listening') resolve({ child, events, url: String((event as { url?: string }).url), stop: () => child.kill('SIGINT') });
    });
    child.once('exit', () => reject(new Error(`pinmesh ${args[0]} exited before it listened`)));
  });
}

/** Opens a WebSocket; resolves 'served' if a first frame is answered, else the close code and reason. */
function tryClient(url: string, probe: string, localAddress?: string): Promise<{ socket: WebSocket; outcome: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, localAddress ? { localAddress } : {});
    socket.on('error', () => undefined);
    socket.once('open', () => socket.send(probe));
    socket.once('message', () => resolve({ socket, outcome: 'served' }));
    socket.once('close', (code, reason) => resolve({ socket, outcome: `${code} ${reason.toString()}` }));
  });
}

function tally(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join('; ');
}

// Row 4: a circuit file names a board node; the process has a token.
if (rows.has('4')) {
  const authorizations: string[] = [];
  const fake = createServer();
  fake.on('upgrade', (request, socket) => {
    authorizations.push(request.headers.authorization ?? '');
    socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const board = `ws://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  const dir = await scratchDir();
  await writeFile(join(dir, 'circuit.json'), JSON.stringify({ board, nodes: { buzzer: { host: '127.0.0.1', port: await freePort() } } }));
  await writeFile(join(dir, 'token'), secret, { mode: 0o600 });
  const child = spawn(process.execPath, [main, 'buzzer', '--circuit', join(dir, 'circuit.json'), '--token-file', join(dir, 'token')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve) => child.once('exit', resolve));
  fake.close();
  const sent = authorizations.filter((value) => value.includes(secret)).length;
  console.log(`row 4: the circuit file's board node was asked ${authorizations.length} times, sent the token ${sent} times; the person read: ${stderr.trim()}`);
}

// Row 8: one client opens 64 idle connections to a buzzer.
if (rows.has('8')) {
  const buzzer = await cli(['buzzer', '--board', 'mock', '--port', '0']);
  const url = `${buzzer.url}/iopin`;
  const started = performance.now();
  const hog = await Promise.all(Array.from({ length: 64 }, () => tryClient(url, '0')));
  // The hog goes silent now: its served connections send nothing more.
  console.log(`row 8: 64 connections from 127.0.0.1: ${tally(hog.map((client) => client.outcome))}`);
  const same = await tryClient(url, '0');
  const other = await tryClient(url, '0', '127.0.0.2');
  console.log(`row 8: a new client from 127.0.0.1: ${same.outcome}; from 127.0.0.2: ${other.outcome}`);
  same.socket.terminate();
  other.socket.terminate();
  const held = hog.filter((client) => client.outcome === 'served');
  const firstIdleClose = await new Promise<string>((resolve) => {
    const giveUp = setTimeout(() => resolve('none within 200 s'), 200_000);
    held[0]!.socket.once('close', (code, reason) => (clearTimeout(giveUp), resolve(`${code} "${reason.toString()}" after ${((performance.now() - started) / 1000).toFixed(1)} s`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const stillOpen = held.filter((client) => client.socket.readyState === WebSocket.OPEN).length;
  const after = await tryClient(url, '0');
  console.log(`row 8: the idle connections were closed: ${firstIdleClose}; ${stillOpen} of ${held.length} still open 2 s later; a new client from 127.0.0.1 then: ${after.outcome}`);
  after.socket.terminate();
  for (const client of hog) client.socket.terminate();
  buzzer.stop();
}

// Row 9: hogs keep a tick in flight at the iopin; how long a good client's tick takes, and how many other ticks go first.
if (rows.has('9')) {
  const dir = await scratchDir();
  const circuit = join(dir, 'circuit.json');
  await writeFile(circuit, JSON.stringify({ nodes: { iopin: { host: '127.0.0.1', port: await freePort() }, buzzer: { host: '127.0.0.1', port: await freePort() } } }));
  const buzzer = await cli(['buzzer', '--board', 'mock', '--circuit', circuit]);
  const iopin = await cli(['iopin', '--board', 'mock', '--circuit', circuit, '--chance', '0']);
  const tick = (socket: WebSocket) =>
    new Promise<number>((resolve) => {
      const sent = performance.now();
      socket.once('message', () => resolve(performance.now() - sent));
      socket.send('1');
    });
  const goodTicks = async (localAddress: string, channel: string) => {
    const { socket } = await tryClient(`${iopin.url}/${channel}`, '1', localAddress);
    const results: string[] = [];
    for (let n = 0; n < 3; n++) {
      const from = iopin.events.length;
      const took = await tick(socket);
      const ticks = iopin.events.slice(from).filter((event) => event.event === 'tick');
      const before = ticks.findIndex((event) => event.channel === `/${channel}`);
      results.push(`${Math.round(took)} ms (${before} other ticks first)`);
    }
    socket.terminate();
    return results.join(', ');
  };
  console.log(`row 9: alone, a tick takes ${await goodTicks('127.0.0.1', 'alone')}`);
  let stopping = false;
  const hogs = 30;
  const hogging = Array.from({ length: hogs }, async (_, index) => {
    const { socket } = await tryClient(`${iopin.url}/hog${index}`, '1');
    while (!stopping && socket.readyState === WebSocket.OPEN) await tick(socket);
    socket.terminate();
  });
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  console.log(`row 9: ${hogs} hogs from 127.0.0.1 each keeping a tick in flight; a client from 127.0.0.2: ${await goodTicks('127.0.0.2', 'good')}`);
  console.log(`row 9: the same, a client from 127.0.0.1 (the hogs' own address): ${await goodTicks('127.0.0.1', 'same')}`);
  stopping = true;
  await Promise.race([Promise.all(hogging), new Promise((resolve) => setTimeout(resolve, 30_000))]);
  iopin.stop();
  buzzer.stop();
}

// Row 12: the board node's claims, and the view's unfinished requests.
if (rows.has('12')) {
  const board = await cli(['board', '--board', 'mock', '--port', '0']);
  const client = async (name: string) => {
    const { socket } = await tryClient(board.url, JSON.stringify({ id: 0, op: 'hello', client: name, protocol: PROTOCOL_VERSION }));
    let id = 0;
    return (body: Record<string, unknown>) =>
      new Promise<{ ok: boolean; error?: { message: string } }>((resolve) => {
        const mine = ++id;
        const onMessage = (data: WebSocket.RawData) => {
          const frame = JSON.parse(data.toString());
          if (frame.id === mine) (socket.off('message', onMessage), resolve(frame));
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id: mine, ...body }));
      });
  };
  const a = await client('a');
  const b = await client('b');
  await a({ op: 'pwmWrite', pin: 2, duty: 128 });
  const taken = await b({ op: 'digitalWrite', pin: 2, value: 1 });
  console.log(`row 12: after a's failed pwmWrite on pin 2, b's digitalWrite on pin 2: ${taken.ok ? 'ok' : taken.error?.message}`);
  let granted = 0;
  let refusal = '';
  for (let pin = 0; pin < 20; pin++) {
    const reply = await a({ op: 'claim', pin, mode: 'digital-out', use: 'led', node: 'hog' });
    if (reply.ok) granted++;
    else if (reply.error?.message.includes('already holds')) refusal ||= reply.error.message;
  }
  console.log(`row 12: one client claiming all 20 pins of the Uno: ${granted} granted; then "${refusal}"`);
  board.stop();

  const half = (port: number) =>
    new Promise<number>((resolve) => {
      const started = performance.now();
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.resume();
      socket.write(`GET /feed HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      socket.on('close', () => resolve((performance.now() - started) / 1000));
    });
  const view = await ViewServer.start({ port: 0, layout: { nodes: [] }, reporter: new EventReporter([]) });
  console.log(`row 12: half a request to the live view: cut after ${(await half(view.port)).toFixed(1)} s`);
  await view.close();
}
process.exit(0);
