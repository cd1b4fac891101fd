/**
 * Issue 22's fleet of a hundred, on one real Mosquitto (started here on 127.0.0.1, as the tests
 * start it): 100 announced nodes in one process (fixtures/fleet-nodes.ts, through the library),
 * and what a person and the nodes' peers see of them.
 *  - `pinmesh nodes` lists all of them: wall ms from spawning it to its exit, every node online;
 *    the anchor is `pinmesh --version`, the same CLI starting and doing nothing.
 *  - a node that moves (stops, serves again on a new port) is found again: ms from the move's
 *    start to `pinmesh nodes --watch` (a peer's view of the fleet, the same FleetView the nodes'
 *    directory reads) printing it online at its new URL; p99 over the round's moves. The anchor is
 *    the moved node's own announcement reaching the broker.
 *  - the broker restarting (no persistence: it forgets every retained message): ms from it serving
 *    again to every node having said `online` again (an MQTT client of the bench's own watching the
 *    status topics), and how many nodes `pinmesh nodes` then does not list online (lost).
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Mosquitto, mosquittoMissing } from '../../test/support/mosquitto.js';
import { MqttProbe } from '../../test/support/mqtt-probe.js';
import { LineFeed } from '../lib/line-feed.js';
import { fixture, root } from '../lib/paths.js';
import { cli } from '../lib/pinmesh.js';
import type { Row, RoundContext } from '../lib/row.js';
import { Child } from '../lib/spawn.js';
import { quantile } from '../lib/stats.js';

const run = promisify(execFile);
const count = 100;
const fleet = 'bench';
const lostAfterMs = 30_000;
const names = Array.from({ length: count }, (_, i) => `node-${String(i).padStart(3, '0')}`);

async function wallMs(args: string[]): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [cli, ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  return { ms: performance.now() - started, stdout };
}

/** `pinmesh nodes --json`: wall ms, and the nodes it listed online. */
async function listing(broker: Mosquitto): Promise<{ ms: number; online: number }> {
  const { ms, stdout } = await wallMs(['nodes', '--broker', broker.url, '--fleet', fleet, '--json']);
  const online = stdout.split('\n').filter((line) => line.includes('"status":"online"')).length;
  return { ms, online };
}

/** The fleet's process: started, and ready once every node is announced. */
async function startNodes(broker: Mosquitto): Promise<{ feed: LineFeed; send: (line: string) => void; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture('fleet-nodes.ts'), broker.url, String(count), fleet], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const feed = new LineFeed(child.stdout);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await feed.next(/"event":"ready"/, 300_000, 'fleet of 100: ready');
  } catch (error) {
    await stop();
    throw error;
  }
  return { feed, send: (line) => void child.stdin.write(`${line}\n`), stop };
}

async function round(context: RoundContext): Promise<Array<{ subject: number; anchor: number }>> {
  const broker = await Mosquitto.start();
  const stops: Array<() => Promise<void>> = [async () => broker.close()];
  try {
    const nodes = await startNodes(broker);
    stops.unshift(nodes.stop);

    // Listing: a few times each, `pinmesh nodes` and `pinmesh --version` in turn.
    const lists: number[] = [];
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const listed = await listing(broker);
      if (listed.online !== count) throw new Error(`pinmesh nodes listed ${listed.online} of ${count} nodes online`);
      lists.push(listed.ms);
      starts.push((await wallMs(['--version'])).ms);
    }

    // Moves, watched by a peer's view of the fleet.
    const watcher = new Child('pinmesh nodes --watch', process.execPath, [cli, 'nodes', '--watch', '--broker', broker.url, '--fleet', fleet, '--json'], /"node":/, root);
    stops.unshift(() => watcher.stop());
    await watcher.line(/"status":"online"/, 60_000);
    const found: number[] = [];
    const announced: number[] = [];
    const moves = context.quick ? 10 : 30;
    for (let i = 0; i < moves; i++) {
      const name = names[(i * 37) % count]!;
      const started = performance.now();
      nodes.send(`move ${name}`);
      const moved = await nodes.feed.next(new RegExp(`"node":"${name}"`), 60_000, `${name} moved`, started);
      const { url } = JSON.parse(moved.text) as { url: string };
      const seen = await watcher.line(new RegExp(`"node":"${name}","status":"online","url":"${url.replace(/[.]/g, '\\.')}"`), 60_000, started);
      found.push(seen.at - started);
      announced.push(moved.at - started);
    }

    // The broker restarts, forgetting everything retained.
    const probe = await MqttProbe.open(broker.url, [`pinmesh/v1/${fleet}/+/status`]);
    stops.unshift(() => probe.close());
    await broker.stop();
    await broker.startAgain();
    const back = performance.now();
    const statuses = names.map((name) => `pinmesh/v1/${fleet}/${name}/status`);
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), lostAfterMs).unref());
    const again = await Promise.race([Promise.all(statuses.map((topic) => probe.waitFor(topic, 'online', back))), timeout]);
    const backMs = again ? Math.max(...again.map((message) => message.at)) - back : NaN;
    const { online } = await listing(broker);
    context.log(`fleet: ${online} of ${count} listed online after the broker's restart`);
    return [
      { subject: quantile(lists, 0.5), anchor: quantile(starts, 0.5) },
      { subject: quantile(found, 0.99), anchor: quantile(announced, 0.99) },
      { subject: quantile(found, 0.5), anchor: quantile(announced, 0.5) },
      { subject: backMs, anchor: NaN },
      { subject: count - online, anchor: 0 },
    ];
  } finally {
    for (const stop of stops) await stop();
  }
}

export const fleetRow: Row = {
  id: 'fleet',
  group: 'fleet',
  maxRounds: 3,
  skip: mosquittoMissing,
  figures: [
    {
      label: `\`pinmesh nodes\` lists ${count} nodes, all online (ms)`,
      anchor: '`pinmesh --version`',
      unit: 'ms',
      comparison: 'difference',
      goal: { text: '< 1,000 ms', met: ({ subject }) => subject.median < 1_000 },
    },
    {
      label: 'a node that moves, found again by a peer: p99 (ms)',
      anchor: 'its announcement reaching the broker',
      unit: 'ms',
      comparison: 'difference',
      goal: { text: '≤ 2,000 ms', met: ({ subject }) => subject.median <= 2_000 },
    },
    { label: 'a node that moves, found again by a peer: p50 (ms)', anchor: 'its announcement reaching the broker', unit: 'ms', comparison: 'difference' },
    {
      label: `broker restarted: all ${count} announced online again (ms)`,
      anchor: '—',
      unit: 'ms',
      comparison: 'difference',
    },
    {
      label: `broker restarted: nodes \`pinmesh nodes\` then lists not online (lost)`,
      anchor: 'none',
      unit: 'nodes',
      comparison: 'difference',
      goal: { text: '0', met: ({ subject }) => subject.max === 0 },
    },
  ],
  round,
};
