/**
 * The token attacks of issue 19, against a real `pinmesh buzzer` with a token and an in-process
 * live view, from loopback only; prints what each attacker got. `node --import tsx bench/token-attacks.ts`
 * (after npm run build). Every loop is bounded in count and time.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { EventReporter } from '../src/report/events.js';
import { Token } from '../src/security/token.js';
import { ViewServer } from '../src/view/view-server.js';

const secret = 'bench-attack-token-0123456789abcdef';
const seconds = Number(process.env.ATTACK_SECONDS ?? 10);

function upgrade(url: string, token: string, localAddress?: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, ...(localAddress ? { localAddress } : {}) });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      socket.on('error', () => undefined);
      socket.terminate();
    });
    socket.once('error', () => resolve(0));
  });
}

function get(port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** `workers` loops sending guesses until `seconds` pass; counts each answer's status. */
async function flood(workers: number, guess: (worker: number, n: number) => Promise<number>): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let n = 0; n < 1_000_000 && Date.now() < end; n++) {
        const status = await guess(worker, n);
        counts.set(status, (counts.get(status) ?? 0) + 1);
      }
    }),
  );
  return counts;
}

const perSecond = (counts: Map<number, number>) => [...counts].map(([status, count]) => `${status}: ${(count / seconds).toFixed(1)}/s`).join(', ');

async function buzzer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['dist/lib/cli.js', 'buzzer', '--board', 'mock', '--json', '--port', '0'], { env: { ...process.env, PINMESH_TOKEN: secret }, stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const event = JSON.parse(line) as { event: string; url?: string };
    if (event.event === 'listening') {
      child.stdout!.resume();
      return { url: `${event.url}/iopin`, stop: () => child.kill('SIGINT') };
    }
  }
  throw new Error('the buzzer did not start');
}

// Row 1: 4 wrong-token upgrades kept pending from 127.0.0.1; the right token once a second.
{
  const node = await buzzer();
  const end = Date.now() + 13_000;
  const guessing = Promise.all(Array.from({ length: 4 }, async () => {
    for (let n = 0; n < 100_000 && Date.now() < end; n++) await upgrade(node.url, `wrong-${n}`);
  }));
  let served = 0;
  for (let i = 0; i < 12; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if ((await upgrade(node.url, secret)) === 101) served++;
  }
  await guessing;
  console.log(`row 1: the right token served ${served} times of 12 while 4 wrong guesses were kept pending`);
  node.stop();
}

// Row 3: wrong tokens from 127.0.x.y, 3 each, 32 at once.
{
  const node = await buzzer();
  const counts = await flood(32, (worker, n) => {
    const host = worker * 4096 + Math.floor(n / 3);
    return upgrade(node.url, 'wrong-token-wrong-token', `127.${1 + (host >> 16)}.${(host >> 8) & 255}.${host & 255 || 1}`);
  });
  console.log(`row 3: guesses from many 127.x.y.z addresses, 3 each: ${perSecond(counts)}`);
  node.stop();
}

// Row 2: the live view with a token, bearer guesses on GET /session and GET /feed, 4 at once.
{
  const view = await ViewServer.start({ port: 0, layout: { nodes: [] }, token: new Token(secret), reporter: new EventReporter([]) });
  for (const path of ['/session', '/feed']) {
    const counts = await flood(4, (_worker, n) => get(view.port, path, `guess-${n}-0000000000000000`));
    console.log(`row 2: bearer guesses on GET ${path}: ${perSecond(counts)}`);
  }
  await view.close();
}
