import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type { OptionsSchema } from '../schema.js';
import * as z from '../zod.js';
import { UserError } from '../errors.js';
import { closestName } from '../did-you-mean.js';
import { SKETCH_EXTENSIONS, loadSketchFile, sketchExtensionList } from '../runtime/sketch-file.js';
import { sketchPathInCircuitFolder } from '../security/sketch-path.js';
import type { SketchClass } from '../runtime/sketch.js';
import { pinOptionModes } from './pin-option.js';
import { checkPortsUsedOnce } from './ports-used-once.js';
import { checkNodeBoards } from './circuit-boards.js';
import { builtInSketch, builtInSketches, peerOptionNames, servedSketch, type SketchEntry } from './registry.js';
import { addressOf, pathText, type BoardSpec, type Circuit, type NodeAddress } from '../mesh/circuit.js';
import { flagNames, type SettingNames } from '../setting-names.js';

/** One node of the circuit, ready to run: its sketch, its checked options, where it listens, its board. */
export interface NodePlan {
  name: string;
  entry: SketchEntry;
  /** The options as the sketch's schema made them (defaults filled in). */
  options: Record<string, unknown>;
  /** Where it listens (a clock does not). */
  address: NodeAddress | undefined;
  board: BoardSpec | undefined;
  /** The nodes it talks to (its peer options' values). */
  peers: string[];
  /** Options given to a sketch that declares no `static options`: passed to setup() unchecked. */
  unchecked: string[];
}

export interface PlanRequest {
  /** Where the circuit came from: its file (sketch files are relative to it), or undefined for the built-in one. */
  file?: string;
  /** The sketch to run whatever the node names (a command's own: `pinmesh iopin`, `pinmesh run FILE`). */
  sketch?: SketchEntry;
  /** Options given on the command line (they win over the circuit file's), or a function of the sketch that gives them. */
  overrides?: Record<string, unknown> | ((entry: SketchEntry) => Record<string, unknown>);
  /** A fleet's broker (--broker) finds nodes too: a peer need not be in the circuit. */
  brokered?: boolean;
  /** The circuit is a program's own object (`circuit: { nodes: … }`), not a file nor the built-in one: messages say so. */
  inCode?: boolean;
  /** How the caller names the settings advice names (default: the command's flags). */
  names?: SettingNames;
}

/** How a message names the circuit: `circuit file c.json`, `circuit given in code`, or `circuit file built-in`. */
function circuitLabel(request: PlanRequest): string {
  return request.file !== undefined ? `circuit file ${request.file}` : request.inCode ? 'circuit given in code' : 'circuit file built-in';
}

/**
 * Reads one node out of the circuit: which sketch (a built-in name, or a file relative to the circuit
 * file; by default the built-in sketch of the node's name), its options checked against that sketch's
 * schema (a mistake names the file and the field), its address and board (one no board could be is
 * refused here, before any opens).
 */
export async function planNode(circuit: Circuit, name: string, request: PlanRequest = {}): Promise<NodePlan> {
  const source = request.file ?? (request.inCode ? 'given in code' : 'built-in');
  const label = circuitLabel(request);
  const spec = circuit.nodes[name];
  if (!spec) throw new UserError(`unknown node "${name}": the circuit ${source} has ${Object.keys(circuit.nodes).map((n) => `"${n}"`).join(', ')}; add it to the circuit file`);
  checkNodeBoards(circuit, name, label);
  const entry = request.sketch ?? (await sketchOf(spec.sketch, name, request.file));
  const fromFile = spec.options ?? {};
  const overrides = typeof request.overrides === 'function' ? request.overrides(entry) : (request.overrides ?? {});
  const options = checkedOptions(entry.options, { ...fromFile, ...overrides }, (key, unknown) =>
    key !== undefined && key in fromFile && !(key in overrides)
      ? `bad ${label}: at ${pathText(['nodes', name, 'options', ...(unknown ? [] : [key])])}`
      : `bad option for ${name}${unknown ? '' : `: ${key ?? 'options'}`}`,
  );
  const address = addressOf(spec);
  if (entry.role === 'server' && !address) {
    throw new UserError(`bad ${label}: at ${pathText(['nodes', name])}: the ${spec.sketch ?? name} sketch serves, so the node needs a host and a port`);
  }
  const peerKeys = peerOptionNames(entry.options).filter((key) => typeof options[key] === 'string');
  // A peer the circuit does not have is refused here, before any board is opened (a fleet's broker may know it).
  if (!request.brokered && circuit.broker === undefined) {
    for (const key of peerKeys) {
      const peer = options[key] as string;
      if (circuit.nodes[peer]) continue;
      const where = key in fromFile && !(key in overrides) ? `${source}: ${pathText(['nodes', name, 'options', key])}` : `the option ${key} of ${name}`;
      throw new UserError(`${where} names "${peer}", which is not a node of the circuit (nodes: ${Object.keys(circuit.nodes).join(', ')}): use one of them, or add "${peer}" to ${request.file ?? `a circuit file (${(request.names ?? flagNames).circuit})`}`);
    }
  }
  const peers = peerKeys.map((key) => options[key] as string);
  const unchecked = entry.role === 'server' && entry.unchecked ? Object.keys(options) : [];
  return { name, entry, options, address, board: spec.board ?? circuit.board, peers, unchecked };
}

/** Every node of the circuit, each after the peers it talks to (so a node's peers are up when it starts). */
export async function planCircuit(circuit: Circuit, request: Omit<PlanRequest, 'sketch'> = {}): Promise<NodePlan[]> {
  const plans: NodePlan[] = [];
  for (const name of Object.keys(circuit.nodes)) plans.push(await planNode(circuit, name, request));
  checkPortsUsedOnce(plans.filter((plan) => plan.entry.role === 'server'), request.file ?? (request.inCode ? 'the circuit given in code' : 'the built-in circuit'));
  checkPinsUsedOnce(plans, request.file ?? (request.inCode ? 'given in code' : 'built-in'));
  return peersFirst(plans);
}

async function sketchOf(sketch: string | undefined, name: string, file: string | undefined): Promise<SketchEntry> {
  // Where the node's sketch is named, for a message about it: `c.json: nodes.buzzer.sketch: …`.
  const at = (field: string) => (file === undefined ? '' : `${file}: ${pathText(['nodes', name, field].filter(Boolean))}: `);
  if (sketch === undefined) {
    const entry = builtInSketch(name);
    if (entry) return entry;
    throw new UserError(`${at('')}node "${name}" has no sketch: add "sketch": "iopin", "buzzer", "clock" or a sketch file to it in ${file ?? 'the circuit file'}`);
  }
  const builtIn = builtInSketch(sketch);
  if (builtIn) return builtIn;
  if (!(SKETCH_EXTENSIONS as readonly string[]).includes(extname(sketch))) {
    const meant = closestName(sketch, Object.keys(builtInSketches));
    throw new UserError(
      `${at('sketch')}node "${name}" runs sketch "${sketch}", which is neither a built-in sketch (iopin, buzzer, clock) nor a ${sketchExtensionList()} file${meant === undefined ? '' : `: did you mean "${meant}"?`}`,
    );
  }
  const path = file ? await sketchPathInCircuitFolder(file, sketch, name) : sketch;
  try {
    return fileSketch(await loadSketchFile(path), sketch);
  } catch (error) {
    // The sketch file's own message (missing, not a sketch, an import it lacks), and the circuit file that named it.
    if (error instanceof UserError && file !== undefined) throw new UserError(`${at('sketch')}${error.message}`, error.exitCode);
    throw error;
  }
}

/**
 * A user's sketch class as a registry entry: its `static options` schema, or any options when it
 * declares none. Declared as anything but a zod object schema (a plain object of defaults, a
 * `z.string()`), they are refused with how to write them: setup() would otherwise meet them unchecked.
 */
export function fileSketch(sketch: SketchClass<any>, file: string): SketchEntry {
  // Duck-typed: the person's file may import its own copy of zod.
  const declared = (sketch as { options?: Partial<OptionsSchema> }).options;
  if (typeof declared?.safeParse === 'function' && declared.shape) return servedSketch({ summary: `your sketch ${file}`, sketch, options: declared as OptionsSchema });
  if (declared !== undefined) {
    throw new UserError(
      `your sketch ${file}: its static options are ${typeof declared.safeParse === 'function' ? 'a zod schema, but not of an object' : 'not a zod schema'}: declare them as static options = z.object({ pin: z.number().default(13) }), with z from 'zod' (docs/sketches.md, "Your own sketch")`,
    );
  }
  return { ...servedSketch({ summary: `your sketch ${file}`, sketch, options: z.catchall(z.object({}), z.unknown()) }), unchecked: true };
}

/**
 * Applies the sketch's schema; `where(key, unknown)` says where a bad value came from, for the
 * one-line error (`unknown`: `key` is no option of the sketch, so the place is the options, as a
 * misspelt key of a node is said at the node). A misspelt option is told the one it was likely meant to be.
 * A key the schema would drop without a word (a `z.object`, not `.strict()`: `-o colour=red`, or a
 * typo, `-o pni=7`) is refused the same way: it would never reach setup(). One the schema keeps (a
 * catchall, a sketch without a schema) is the sketch's.
 */
export function checkedOptions(schema: OptionsSchema, raw: Record<string, unknown>, where: (key: string | undefined, unknown: boolean) => string): Record<string, unknown> {
  const result = schema.safeParse(raw);
  if (result.success) {
    const data = result.data as Record<string, unknown>;
    const dropped = Object.keys(raw).find((key) => !(key in data));
    if (dropped !== undefined) throw unknownKey(schema, dropped, `Unrecognized key: "${dropped}"`, where);
    return data;
  }
  const issue = result.error.issues.find((each) => each.code === 'unrecognized_keys') ?? result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw unknownKey(schema, issue.keys[0]!, issue.message, where);
  throw new UserError(`${where(issue.path[0] === undefined ? undefined : String(issue.path[0]), false)}: ${issue.message}`);
}

function unknownKey(schema: OptionsSchema, key: string, message: string, where: (key: string | undefined, unknown: boolean) => string): UserError {
  const meant = closestName(key, Object.keys(schema.shape));
  return new UserError(`${where(key, true)}: ${meant === undefined ? message : `unknown key "${key}": did you mean "${meant}"?`}`);
}

/** Two nodes on one board cannot both use a pin: say which, before any board is opened. */
function checkPinsUsedOnce(plans: NodePlan[], source: string): void {
  const users = new Map<string, string>();
  for (const plan of plans) {
    for (const { key, mode } of pinOptionModes(plan.entry.options)) {
      const pin = plan.options[key];
      if (typeof pin !== 'number') continue;
      const slot = `${JSON.stringify(plan.board ?? null)}:${pin}`;
      const other = users.get(slot);
      if (other) throw new UserError(`pin ${pin} is used twice on one board (circuit ${source}): by ${other} and by ${plan.name} (its ${key}, as ${mode}); give each node its own pin`);
      users.set(slot, `${plan.name} (its ${key}, as ${mode})`);
    }
  }
}

function peersFirst(plans: NodePlan[]): NodePlan[] {
  const byName = new Map(plans.map((plan) => [plan.name, plan]));
  const ordered: NodePlan[] = [];
  const visiting = new Set<string>();
  const visit = (plan: NodePlan) => {
    if (ordered.includes(plan) || visiting.has(plan.name)) return; // a cycle starts in file order
    visiting.add(plan.name);
    for (const peer of plan.peers) {
      const next = byName.get(peer);
      if (next) visit(next);
    }
    ordered.push(plan);
  };
  plans.forEach(visit);
  return ordered;
}
