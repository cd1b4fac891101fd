import { readFile } from 'node:fs/promises';
import { explainingIssue, nonEmptyText, objectKeysAt } from '../schema.js';
import * as z from '../zod.js';
import { UserError } from '../errors.js';
import { closestName } from '../did-you-mean.js';
import { circuitFleetFields } from './broker-fields.js';
import { circuitSecurityFields, nodeSecurityFields } from '../security/circuit-fields.js';
import { wsUrl } from '../net/ws-url.js';
import { jsonSyntaxError } from './json-syntax-error.js';

/**
 * The circuit as data: which nodes exist, where each one listens, and, optionally, what runs there:
 * its sketch (a built-in name or a file), the sketch's options, and its board. It is the article's
 * hard-coded `grid`, as a validated JSON file; `--circuit FILE` replaces the built-in one on every
 * command. A node's peers are named in its options (the iopin's `peer`, the clock's `target`).
 */
const boardSpec = z.union([nonEmptyText, z.strictObject({ kind: nonEmptyText, serialPort: z.optional(nonEmptyText) })]);

const nodeSpec = z
  .strictObject({
    /** Where the node listens; a node that only connects out (a clock) has neither. */
    host: z.optional(z.string().check(z.minLength(1, 'host must not be empty'))),
    port: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(65535))),
    /** A built-in sketch ("iopin", "buzzer", "clock") or a sketch file, relative to the circuit file. */
    sketch: z.optional(nonEmptyText),
    /** Options for the sketch's setup(), checked against the sketch's own schema. */
    options: z.optional(z.record(z.string(), z.unknown())),
    /** The board this node drives; nodes naming the same board in one process share it. */
    board: z.optional(boardSpec),
    ...nodeSecurityFields,
  })
  .check((context) => {
    const { host, port } = context.value;
    if (port !== undefined && host === undefined) context.issues.push({ code: 'custom', input: host, path: ['host'], message: 'a node with a port needs a host too' });
    if (host !== undefined && port === undefined) context.issues.push({ code: 'custom', input: port, path: ['port'], message: 'a node with a host needs a port too' });
  });

/** The built-in sketches that only connect out (src/sketches/registry.ts, role "clock"): a node named after one runs it, with no address. */
export const connectingOnlySketches: readonly string[] = ['clock', 'button'];

const nodeName = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'node names start with a letter and use letters, digits, - and _'));

const circuitSchema = z.strictObject({
  nodes: z.record(nodeName, nodeSpec).check(
    z.refine((nodes) => Object.keys(nodes).length > 0, 'a circuit needs at least one node'),
    // A node needs an address unless it runs a sketch that only connects out: its own `sketch`, or the built-in it is named after.
    (context) => {
      for (const [name, node] of Object.entries(context.value)) {
        if (node.host === undefined && node.port === undefined && node.sketch === undefined && !connectingOnlySketches.includes(name)) {
          context.issues.push({ code: 'custom', input: node, path: [name, 'host'], message: 'a node needs a host and a port, or a sketch that only connects out (a clock)' });
        }
      }
    },
  ),
  /** The board of every node that does not name its own. */
  board: z.optional(boardSpec),
  ...circuitSecurityFields,
  ...circuitFleetFields,
});

export type BoardSpec = z.infer<typeof boardSpec>;
export type NodeSpec = z.infer<typeof nodeSpec>;
export type Circuit = z.infer<typeof circuitSchema>;

/** Where a node listens. */
/** Where a node listens, and how to talk to it: with the mesh's token, over TLS. */
export interface NodeAddress {
  host: string;
  port: number;
  /** It requires the mesh's token: peers and the clock send it (and only to such nodes). */
  token?: boolean;
  /** It serves wss://. */
  tls?: boolean;
}

export const defaultCircuit: Circuit = {
  nodes: {
    iopin: { host: '127.0.0.1', port: 8765, sketch: 'iopin', options: { peer: 'buzzer' } },
    buzzer: { host: '127.0.0.1', port: 8766, sketch: 'buzzer' },
    clock: { sketch: 'clock', options: { target: 'iopin', channel: '/datafeed' } },
  },
};

/**
 * Validates a parsed circuit; `source` names it in error messages (a file path, or "built-in"), and
 * `what` says what it is (`circuit file c.json`; a program's own object: `circuit given in code`).
 */
export function parseCircuit(value: unknown, source: string, what = `circuit file ${source}`): Circuit {
  const result = circuitSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = explainingIssue(result.error.issues);
  const meant = issue.code === 'unrecognized_keys' ? meantKey(issue.path, issue.keys[0]!) : undefined;
  if (meant) throw new UserError(`bad ${what}: at ${pathText(issue.path)}: unknown key "${meant.typed}": did you mean "${meant.known}"?`);
  throw new UserError(`bad ${what}: at ${pathText(issue.path)}: ${issue.message} (expected ${expectedAt(issue.path)})`);
}

/** What the circuit takes at a mistake's place, for its message: a board's forms at a board (the circuit's or a node's), else the circuit's shape. */
function expectedAt(path: ReadonlyArray<PropertyKey>): string {
  const atBoard = path[0] === 'board' || (path[0] === 'nodes' && path[2] === 'board');
  return atBoard
    ? 'a board: "mock", "sim", "uno", …, "ws://HOST:PORT", "tcp://HOST:PORT" or {"kind": "uno", "serialPort": "/dev/ttyACM0"}'
    : '{"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}, …}}';
}

/**
 * The circuit a run was given (`circuit` of the library's calls): a file's path, read and checked; a
 * program's own object, checked as a file is (a JavaScript caller has no types to stop `port: "x"`);
 * or, when none, the article's. `file` is the file sketch paths are relative to; `inCode`, that the
 * circuit is the program's own object (messages about it say "circuit given in code").
 */
export async function givenCircuit(options: { circuit?: string | Circuit | undefined; file?: string | undefined }): Promise<{ circuit: Circuit; file: string | undefined; inCode: boolean }> {
  if (typeof options.circuit === 'string') return { circuit: await loadCircuit(options.circuit), file: options.circuit, inCode: false };
  if (options.circuit === undefined) return { circuit: defaultCircuit, file: options.file, inCode: false };
  const inCode = options.file === undefined;
  return { circuit: parseCircuit(options.circuit, options.file ?? 'given in code', inCode ? 'circuit given in code' : undefined), file: options.file, inCode };
}

/** The key a misspelt one (`"prot"` of a node, `"urll"` of the broker, …) was meant to be. */
function meantKey(path: ReadonlyArray<PropertyKey>, typed: string): { typed: string; known: string } | undefined {
  const known = closestName(typed, objectKeysAt(circuitSchema, path));
  return known === undefined ? undefined : { typed, known };
}

export async function loadCircuit(path: string | undefined): Promise<Circuit> {
  if (!path) return defaultCircuit;
  let text: string;
  try {
    // A byte order mark (Windows Notepad saves one) is no part of the JSON.
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `circuit file ${path} does not exist` : `cannot read circuit file ${path}: ${code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(text, error, path);
  }
  return parseCircuit(json, path);
}

/** The circuit with a node `name` as `spec` when it has no node of that name (a command's own, e.g. the clock). */
export function withNode(circuit: Circuit, name: string, spec: NodeSpec): Circuit {
  return circuit.nodes[name] ? circuit : { ...circuit, nodes: { ...circuit.nodes, [name]: spec } };
}

/** The node's address, if it listens (a clock does not). */
export function addressOf(spec: NodeSpec): NodeAddress | undefined {
  if (spec.host === undefined || spec.port === undefined) return undefined;
  return { host: spec.host, port: spec.port, ...(spec.token ? { token: true } : {}), ...(spec.tls ? { tls: true } : {}) };
}

/** The names of the nodes that listen, in the file's order. */
export function listeningNodes(circuit: Circuit): string[] {
  return Object.entries(circuit.nodes)
    .filter(([, spec]) => addressOf(spec))
    .map(([name]) => name);
}

/** The address of a named node, or an error that lists the nodes the circuit does have. */
export function nodeAddressOf(circuit: Circuit, name: string): NodeAddress {
  const spec = circuit.nodes[name];
  const address = spec && addressOf(spec);
  if (!address) {
    const known = listeningNodes(circuit).map((n) => `"${n}"`).join(', ');
    const why = spec ? `node "${name}" does not listen (it has no host and port)` : `unknown node "${name}"`;
    throw new UserError(`${why}: the circuit has ${known}; add it to the circuit file`);
  }
  return address;
}

export function nodeUrl(address: NodeAddress, channel: string): string {
  const url = wsUrl(address.host, address.port, channel);
  return address.tls ? url.replace(/^ws:/, 'wss:') : url;
}

/** `nodes.iopin.options.chance`; the top level when the path is empty. */
export function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.length > 0 ? path.map(String).join('.') : 'top level';
}

