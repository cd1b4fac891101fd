/**
 * The one place that knows how to run pinmesh for the bench: always the built CLI, in a child
 * process, with --json on a pipe that is read (as a person or a supervisor runs it). What the
 * bench waits for is matched on the JSON lines, so the bench does not depend on pinmesh's internals.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { root } from './paths.js';
import { scratchDir } from './scratch-dir.js';
import { Child, whenReady } from './spawn.js';
import { probeFlags } from './usage.js';

/** The built CLI (npm run bench builds it first). */
export const cli = join(root, 'dist/lib/cli.js');
/** Lines the bench needs; every other line stays in the reader (grep). */
const needed = /"event":"(listening|board|online|error|closed)"|"reply":"acknowledged"|"event":"pin"/;
const listening = /"event":"listening"/;
const clockAck = /"reply":"acknowledged"/;
export type BoardKind = 'mock' | 'sim';

/** Forwarding `pin` lines costs the reader; only sketches that need them ask for them. */
function forward(pins: boolean): RegExp {
  return pins ? needed : new RegExp(needed.source.replace('|"event":"pin"', ''));
}

interface RunAs {
  /** Forward its `pin` lines to the bench. */
  pins?: boolean;
  /** Preload the usage probe (CPU time and RSS on request). */
  probe?: boolean;
  /** Its environment (default: the bench's). */
  env?: NodeJS.ProcessEnv;
}

function pinmesh(name: string, args: string[], { pins = false, probe = false, env }: RunAs = {}): Child {
  return new Child(name, process.execPath, [...(probe ? probeFlags : []), cli, ...args, '--json'], forward(pins), root, env);
}

export interface ServedNode {
  child: Child;
  url: (channel: string) => string;
}

async function served(child: Child): Promise<ServedNode> {
  return whenReady(child, async () => {
    const line = await child.line(listening, 30_000);
    const { port } = JSON.parse(line.text) as { port: number };
    return { child, url: (channel) => `ws://127.0.0.1:${port}${channel}` };
  });
}

/**
 * `pinmesh buzzer` on an ephemeral port, mock board, with the usage probe. A load of more clients
 * than the node's default cap (64) passes `maxConnections`, as a person serving that many would.
 */
export const startBuzzer = ({ maxConnections }: { maxConnections?: number } = {}): Promise<ServedNode> =>
  served(pinmesh('pinmesh buzzer', ['buzzer', '--port', '0', '--host', '127.0.0.1', ...(maxConnections ? ['--max-connections', String(maxConnections)] : [])], { probe: true }));

/** `pinmesh run FILE` on an ephemeral port, with the usage probe; `pins` forwards its pin events. */
export const startSketch = (file: string, board: BoardKind, pins = false): Promise<ServedNode> =>
  served(pinmesh(`pinmesh run (${board})`, ['run', file, '--board', board, '--port', '0', '--host', '127.0.0.1'], { pins, probe: true }));

async function circuitFile(): Promise<{ file: string; iopinPort: number; buzzerPort: number }> {
  const iopinPort = await freePort();
  const buzzerPort = await freePort();
  const dir = await scratchDir();
  const file = join(dir, 'circuit.json');
  const nodes = { iopin: { host: '127.0.0.1', port: iopinPort }, buzzer: { host: '127.0.0.1', port: buzzerPort } };
  await writeFile(file, JSON.stringify({ nodes }));
  return { file, iopinPort, buzzerPort };
}

/** The article's circuit settings the figures are quoted for: 3 bits a tick, no hold, the article's chance. */
const circuitArgs = (board: BoardKind, file: string): string[] => ['circuit', '--board', board, '--circuit', file, '--sequence', '3', '--hold', '0', '--chance', '0.6'];

/**
 * `pinmesh circuit` kept running for the bench to tick its iopin: its own clock ticks once (that
 * first ack says the circuit is up), then sleeps for an hour while the bench sends its own ticks.
 * `extra`: more flags (e.g. `--view`).
 */
export async function startCircuit(board: BoardKind, extra: string[] = []): Promise<ServedNode> {
  const { file, iopinPort } = await circuitFile();
  const child = pinmesh(`pinmesh circuit (${board})`, [...circuitArgs(board, file), '--ticks', '2', '--delay', '3600', ...extra]);
  return whenReady(child, async () => {
    await child.line(clockAck, 60_000);
    return { child, url: (channel) => `ws://127.0.0.1:${iopinPort}${channel}` };
  });
}

/**
 * The article's topology, a process a node: `pinmesh buzzer`, then `pinmesh iopin` streaming to
 * it (sequence 3, hold 0, the article's chance), each on the `board`, with the usage probe. The
 * bench is the clock: it ticks the iopin on /datafeed. Both are stopped together.
 */
export async function startNodesApart(board: BoardKind): Promise<ServedNode & { buzzer: Child; stop: () => Promise<void> }> {
  const { file } = await circuitFile();
  const common = ['--board', board, '--circuit', file];
  const buzzer = await served(pinmesh(`pinmesh buzzer (${board})`, ['buzzer', ...common], { probe: true }));
  try {
    const iopin = await served(
      pinmesh(`pinmesh iopin (${board})`, ['iopin', ...common, '--sequence', '3', '--hold', '0', '--chance', '0.6'], { probe: true }),
    );
    return { ...iopin, buzzer: buzzer.child, stop: async () => void (await Promise.all([iopin.child.stop(), buzzer.child.stop()])) };
  } catch (error) {
    await buzzer.child.stop();
    throw error;
  }
}

/** Wall ms from spawning `pinmesh circuit --ticks 1` to its clock's first ack line reaching the bench. */
export async function circuitStartToFirstAck(board: BoardKind, env?: NodeJS.ProcessEnv): Promise<number> {
  const { file } = await circuitFile();
  const started = performance.now();
  const child = pinmesh(`pinmesh circuit (${board})`, [...circuitArgs(board, file), '--ticks', '1', '--delay', '0'], { env });
  try {
    const ack = await child.line(clockAck, 30_000);
    return ack.at - started;
  } finally {
    await child.stop();
  }
}
