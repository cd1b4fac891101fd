import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { circuitSecurityFields, nodeSecurityFields } from '../security/circuit-fields.js';
import { wsUrl } from './ws-url.js';

/**
 * The mesh: which nodes exist and where each one listens (the article's hard-coded `grid`, as a
 * validated JSON file). `--circuit FILE` replaces the built-in default on every command.
 */
const nodeAddress = z
  .object({
    host: z.string().min(1, 'host must not be empty'),
    port: z.number().int().min(1).max(65535),
    ...nodeSecurityFields,
  })
  .strict();

const nodeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'node names start with a letter and use letters, digits, - and _');

const circuitSchema = z
  .object({
    nodes: z.record(nodeName, nodeAddress).refine((nodes) => Object.keys(nodes).length > 0, 'a circuit needs at least one node'),
    ...circuitSecurityFields,
  })
  .strict();

export type NodeAddress = z.infer<typeof nodeAddress>;
export type Circuit = z.infer<typeof circuitSchema>;

export const defaultCircuit: Circuit = {
  nodes: {
    iopin: { host: '127.0.0.1', port: 8765 },
    buzzer: { host: '127.0.0.1', port: 8766 },
  },
};

/** Validates a parsed circuit; `source` names it in error messages (a file path, or "built-in"). */
export function parseCircuit(value: unknown, source: string): Circuit {
  const result = circuitSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
  throw new UserError(`bad circuit file ${source}: at ${where}: ${issue.message} (expected {"nodes": {"iopin": {"host": "127.0.0.1", "port": 8765}, …}})`);
}

export async function loadCircuit(path: string | undefined): Promise<Circuit> {
  if (!path) return defaultCircuit;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `circuit file ${path} does not exist` : `cannot read circuit file ${path}: ${code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`bad circuit file ${path}: not valid JSON: ${(error as Error).message}`);
  }
  return parseCircuit(json, path);
}

/** The address of a named node, or an error that lists the nodes the circuit does have. */
export function nodeAddressOf(circuit: Circuit, name: string): NodeAddress {
  const address = circuit.nodes[name];
  if (!address) {
    throw new UserError(`unknown node "${name}": the circuit has ${Object.keys(circuit.nodes).map((n) => `"${n}"`).join(', ')}; add it to the circuit file`);
  }
  return address;
}

export function nodeUrl(address: NodeAddress, channel: string): string {
  const url = wsUrl(address.host, address.port, channel);
  return address.tls ? url.replace(/^ws:/, 'wss:') : url;
}
