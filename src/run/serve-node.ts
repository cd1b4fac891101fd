import type { Board } from '../boards/board.js';
import { UserError } from '../errors.js';
import { givenCircuit, type Circuit } from '../mesh/circuit.js';
import { fileSketch, planNode } from '../sketches/node-plan.js';
import { isClass, sketchClassOf } from '../runtime/sketch-export.js';
import type { SketchClass } from '../runtime/sketch.js';
import type { StartedNode } from '../runtime/start-node.js';
import { withCircuit } from '../security/node-security.js';
import type { SketchEntry } from '../sketches/registry.js';
import { planRun, type PlannedRun } from './planned-run.js';
import { boardChoiceOf, hooksOf, namesOf, runOptionKeys, startRun, type RunHandle, type RunOptions } from './run-options.js';
import { everyKeyOf, refuseUnknownOptions } from '../unknown-option.js';
import type { SettingNames } from '../setting-names.js';

export interface NodeOptions extends RunOptions {
  /** The node's name in the circuit ("iopin"); by default it runs the built-in sketch of that name. */
  name: string;
  /**
   * The sketch to serve instead: your Sketch class (`sketch: Lamp`), a registry entry, or a function
   * that gives one, called once the run is under way (a person's file loads there).
   */
  sketch?: SketchClass<any> | SketchEntry | (() => Promise<SketchEntry>);
  /** The circuit its peers are in: an object or a circuit file's path. Default: the article's. */
  circuit?: Circuit | string;
  /** The circuit file it came from, when `circuit` is an object read from one. */
  file?: string;
  /** Where it listens; they win over its entry in the circuit. `port: 0`: any free port. A node the circuit lacks needs a port. */
  host?: string;
  port?: number;
  /** Options for its setup(); they win over the circuit file's. */
  options?: Record<string, unknown>;
  /** Its sketch's name as others (the fleet) are told it; default: the node's name. */
  sketchName?: string;
}

/** A served node that runs until stopped. */
export interface NodeRun extends RunHandle<void> {
  /** The node: its `url`, `host`, `port`, and its sketch. */
  readonly node: StartedNode;
  /**
   * The board it drives, for a program's own reads and writes. The run's events report a write
   * through it as the node's on a pin its sketch uses, and as the board's (`[ board ] pin 7 → HIGH`)
   * on any other pin; not on a board node's board (ws://…), whose other clients' writes this
   * process sees too.
   */
  readonly board: Board;
}

/** What serveNode() takes: a misspelt option (`prot: 0`) is refused, not served on the default port. */
const nodeOptionKeys = [...runOptionKeys, ...everyKeyOf<Omit<NodeOptions, keyof RunOptions>>()(['name', 'sketch', 'circuit', 'file', 'host', 'port', 'options', 'sketchName'])];

/**
 * Serves one node of a circuit in this process, on its board, until stop(): what `pinmesh iopin`,
 * `pinmesh buzzer` and `pinmesh run FILE` do. Resolves once it listens. Its peers served in this
 * program (in its `session`, or with none given, as it was) are found where they listen; others
 * where the circuit says.
 *
 * @example
 * import { serveNode } from 'pinmesh';
 * const buzzer = await serveNode({ name: 'buzzer', port: 0 }); // on the mock board, any free port
 * const iopin = await serveNode({ name: 'iopin', port: 0 }); // streams to that buzzer
 * console.log(iopin.node.url);
 * await iopin.stop(); // its pins LOW, the board closed
 *
 * const lamp = await serveNode({ name: 'lamp', sketch: Lamp, port: 9000 }); // your own Sketch class
 */
export async function serveNode(options: NodeOptions): Promise<NodeRun> {
  refuseUnknownOptions('serveNode()', options, nodeOptionKeys);
  const { name } = options;
  let planned!: PlannedRun;
  return startRun(
    options,
    async (session) => {
      const { circuit: loaded, file, inCode } = await givenCircuit(options);
      const hooks = await hooksOf(options);
      // Where the node listens when neither `host` nor the circuit file says: a hook's (in a fleet: towards the broker).
      const asked = options.host === undefined && !(file && loaded.nodes[name]?.host) ? hooks.find((hook) => hook.listenHost) : undefined;
      const host = options.host ?? (await asked?.listenHost!());
      // The sketch first: a mistyped file name is the mistake to name, not the port it did not get.
      const sketch = await entryOf(options.sketch, name);
      session.throwIfStopped();
      const names = namesOf(options);
      const circuit = withListenAddress(loaded, name, { host, port: options.port }, names);
      const plan = await planNode(circuit, name, { file, inCode, ...(sketch && { sketch }), overrides: options.options ?? {}, brokered: options.brokered, names });
      const security = withCircuit(name, circuit, options.security ?? {}, names);
      planned = await planRun(
        { session, hooks, boards: boardChoiceOf(session, options), peers: options.peers, portAdvice: options.portAdvice, names },
        {
          circuit,
          plans: [plan],
          credentials: options.credentials ?? {},
          fileGiven: file !== undefined,
          security: () => security,
          sketchName: () => options.sketchName ?? name,
        },
      );
      const node = await planned.serve(plan);
      return { node, board: planned.boards[0]! };
    },
    async (_, session) => {
      await session.stopped();
      await planned.finish();
    },
  );
}

/** The registry entry of what `sketch` names: a class is checked as a sketch file's export is. */
async function entryOf(sketch: NodeOptions['sketch'], name: string): Promise<SketchEntry | undefined> {
  if (typeof sketch === 'function') {
    if (!isClass(sketch)) return (sketch as () => Promise<SketchEntry>)();
    const label = `class ${sketch.name || 'of node ' + name}`;
    return fileSketch(sketchClassOf(sketch, `for node ${name}`), label);
  }
  if (sketch === undefined || typeof (sketch as { start?: unknown } | null)?.start === 'function') return sketch;
  // What the types refuse, given from JavaScript: a built-in's name, or anything else.
  throw new UserError(
    typeof sketch === 'string'
      ? `serveNode: sketch '${sketch}' is a name, and sketch takes a Sketch class: for the built-in ${sketch}, give name: '${sketch}' and leave sketch out; for your own, give its class (sketch: Lamp)`
      : `serveNode: sketch takes a Sketch class (sketch: Lamp), not ${sketch === null ? 'null' : typeof sketch}`,
  );
}

/** `host`/`port` win over the node's entry in the circuit; a node the circuit lacks needs a port. */
function withListenAddress(circuit: Circuit, name: string, given: { host?: string | undefined; port?: number | undefined }, names: SettingNames): Circuit {
  const known = circuit.nodes[name];
  if (!known && given.port === undefined) {
    throw new UserError(`node "${name}" is not in the circuit, so it needs a port: pass ${names.port} (and ${names.host}), or add "${name}" to the circuit`);
  }
  const host = given.host ?? known?.host ?? '127.0.0.1';
  const port = given.port ?? known?.port;
  return { ...circuit, nodes: { ...circuit.nodes, [name]: { ...known, host, port } } };
}
