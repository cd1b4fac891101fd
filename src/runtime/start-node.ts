import type { OptionsSchema } from '../schema.js';
import type { Board } from '../boards/board.js';
import { UserError } from '../errors.js';
import type { Directory } from '../mesh/directory.js';
import { registerEvents, type EventLines } from '../report/event-lines.js';
import type { Reporter } from '../report/events.js';
import type { Clock } from '../time/clock.js';
import type { RandomSource } from '../time/seeded-random.js';
import type { NodeSecurity } from '../security/node-security.js';
import type { Credentials } from '../security/peer-credentials.js';
import { NodeBoard } from './node-board.js';
import { checkPinOptions } from './pin-options.js';
import type { RunningNode } from '../net/ws-server.js';
import { serveSketch } from './node-server.js';
import type { PeerLinkOptions } from './peer-link.js';
import { Peers } from './peers.js';
import { blameSketchCode, blameUnplaced } from './sketch-error.js';
import { nodeRuns } from './sketch-nodes.js';
import type { Sketch, SketchClass } from './sketch.js';

/**
 * A sketch class may declare a zod schema for its options (validated before setup()), and the
 * human lines of the events it reports (`static events = defineEvents({…})`).
 */
type DeclaredSketch = SketchClass<any> & { options?: Pick<OptionsSchema, 'safeParse'>; events?: EventLines };

export interface StartNodeOptions {
  sketch: DeclaredSketch;
  name: string;
  options?: Record<string, unknown>;
  board: Board;
  /** Where the node's peers are (the circuit file, or a broker). */
  directory: Directory;
  host: string;
  port: number;
  reporter: Reporter;
  peers?: PeerLinkOptions;
  /** How the node protects itself: origins, token, TLS, limits (see withCircuit for the circuit file's part). */
  security?: NodeSecurity;
  /** What the node presents to its peers: the token (to peers marked "token": true), a CA for wss://. */
  credentials?: Credentials;
  /** The run's time and random choices, the sketch's delay() and random() (default: the wall's, Math.random). */
  clock?: Clock;
  random?: RandomSource;
}

export interface StartedNode extends RunningNode {
  readonly sketch: Sketch<any>;
}

/** Builds the sketch, runs setup() with its options, and serves it: a running node of the mesh. */
export async function startNode(options: StartNodeOptions): Promise<StartedNode> {
  const { name, reporter, board } = options;
  // Where the sketch runs: its file may have imported another copy of pinmesh, which defined them there.
  if (options.sketch.events) registerEvents(options.sketch.events);
  const peers = new Peers(options.directory, {
    onRetry: ({ peer, url, attempt, error }) => reporter.report(name, { event: 'waiting', peer, url, attempt, reason: error }),
    ...options.peers,
  }, options.credentials);
  const nodeBoard = new NodeBoard(board, name, reporter, options.clock);
  let sketch: Sketch<any>;
  try {
    sketch = new options.sketch({ name, board: nodeBoard, peers, reporter, ...(options.clock && { clock: options.clock }), ...(options.random && { random: options.random }) });
  } catch (error) {
    throw blameSketchCode(error, 'in its constructor', name) ?? blameUnplaced(error, 'in its constructor', name, options.sketch) ?? error;
  }
  const valid = validOptions(options.sketch, name, options.options ?? {});
  if (options.sketch.options && valid && typeof valid === 'object') checkPinOptions(options.sketch.options as object, valid as Record<string, unknown>, board, name);
  // From here the sketch's own work may fail outside loop(): its errors are this node's.
  const stopsRunning = nodeRuns(options.sketch, name);
  try {
    await sketch.setup(valid);
  } catch (error) {
    stopsRunning();
    throw blameSketchCode(error, 'in setup()', name) ?? blameUnplaced(error, 'in setup()', name, options.sketch) ?? error;
  }
  let server: RunningNode;
  try {
    server = await serveSketch(sketch, { host: options.host, port: options.port, reporter, security: options.security });
  } catch (error) {
    await sketch.teardown();
    await nodeBoard.close();
    stopsRunning();
    throw error;
  }
  reporter.report(name, { event: 'listening', host: server.host, port: server.port, url: server.url });

  let closing: Promise<void> | undefined;
  return {
    ...server,
    sketch,
    close() {
      closing ??= (async () => {
        await server.close();
        await peers.closeAll();
        await sketch.teardown();
        await nodeBoard.close();
        stopsRunning();
      })();
      return closing;
    },
  };
}

function validOptions(sketch: DeclaredSketch, name: string, raw: Record<string, unknown>): unknown {
  if (!sketch.options) return raw;
  const result = sketch.options.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const option = issue.path.join('.') || 'options';
  throw new UserError(`bad option for ${name}: ${option}: ${issue.message}`);
}
