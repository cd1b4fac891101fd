import { addressOf, nodeUrl, type Circuit } from '../mesh/circuit.js';
import type { NodePlan } from '../sketches/node-plan.js';
import { pinOptionModes } from '../sketches/pin-option.js';
import type { NodeLayout, ViewLayout } from './shared/view-state.js';

/**
 * The mesh as the page draws it: the nodes this process runs (`plans`), then every node they talk
 * to that runs elsewhere (from the circuit: its address, no health), each with its peers (edges).
 * Ordered from the clocks towards the nodes they drive.
 */
export function viewLayout(plans: NodePlan[], circuit: Circuit): ViewLayout {
  const nodes: NodeLayout[] = [];
  const seen = new Set<string>();
  for (const plan of [...plans].reverse()) {
    seen.add(plan.name);
    nodes.push({
      name: plan.name,
      sketch: circuit.nodes[plan.name]?.sketch ?? plan.name,
      role: plan.entry.role,
      ...(plan.address ? { url: nodeUrl(plan.address, '/') } : {}),
      peers: plan.peers,
      pins: pinOptionModes(plan.entry.options).flatMap(({ key, mode }) => {
        const pin = plan.options[key];
        return typeof pin === 'number' ? [{ pin, mode, option: key }] : [];
      }),
      local: true,
    });
  }
  for (const plan of plans) {
    for (const peer of plan.peers) {
      if (seen.has(peer)) continue;
      seen.add(peer);
      const spec = circuit.nodes[peer];
      const address = spec && addressOf(spec);
      nodes.push({ name: peer, sketch: spec?.sketch ?? peer, role: 'server', ...(address ? { url: nodeUrl(address, '/') } : {}), peers: [], pins: [], local: false });
    }
  }
  return { nodes };
}
