import type { NodeEvent } from '../report/events.js';
import type { NodeLayout, ViewLayout } from './shared/view-state.js';

/** Who reports but is no node of the mesh. */
const notNodes = new Set(['board', 'pinmesh', 'view', 'record']);

/**
 * The mesh a recording shows, read from its events (a recording holds no plan): a node for each
 * name that reported, a clock for one that sent ticks, its address from `listening`, its peers
 * from the ticks it sent and the peers it waited for or acked, and its pins from the LEDs and
 * piezos it drove (a pin that never went HIGH draws no LED).
 */
export function replayLayout(events: Iterable<NodeEvent>): ViewLayout {
  const nodes = new Map<string, NodeLayout>();
  const nodeOf = (name: string): NodeLayout => {
    let node = nodes.get(name);
    if (!node) {
      node = { name, sketch: name, role: 'server', peers: [], pins: [], local: true };
      nodes.set(name, node);
    }
    return node;
  };
  const addPeer = (node: NodeLayout, peer: string) => node.peers.includes(peer) || node.peers.push(peer);
  const addPin = (node: NodeLayout, pin: number, mode: string) => node.pins.some((p) => p.pin === pin) || node.pins.push({ pin, mode, option: 'pin' });
  for (const event of events) {
    if (notNodes.has(event.node)) continue;
    const node = nodeOf(event.node);
    if (event.event === 'listening') node.url = event.url;
    else if (event.event === 'tick' && 'target' in event) {
      node.role = 'clock';
      addPeer(node, event.target);
    } else if (event.event === 'ack' && 'peer' in event) addPeer(node, event.peer);
    else if (event.event === 'waiting') addPeer(node, event.peer);
    else if (event.event === 'pin' && event.value === 1) addPin(node, event.pin, 'digital-out');
    else if (event.event === 'buzz') addPin(node, event.pin, 'pwm');
  }
  // Clocks first, towards the nodes they drive, as the live view orders them.
  return { nodes: [...nodes.values()].sort((a, b) => (a.role === b.role ? 0 : a.role === 'clock' ? -1 : 1)) };
}
