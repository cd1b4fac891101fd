import type { Circuit } from '../mesh/circuit.js';
import type { NodeSecurity } from '../security/node-security.js';

/** Nodes this process runs itself with a token: its own links may send them the token. */
export function markOwnNodes(circuit: Circuit, names: string[], security: NodeSecurity): Circuit {
  const nodes = { ...circuit.nodes };
  for (const name of names) {
    const entry = nodes[name];
    if (!entry) continue;
    nodes[name] = { ...entry, ...(security.token ? { token: true } : {}), ...(security.tls ? { tls: true } : {}) };
  }
  return { ...circuit, nodes };
}
