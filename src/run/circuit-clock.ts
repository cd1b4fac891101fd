import type { Circuit, NodeSpec } from '../mesh/circuit.js';
import { builtInSketches } from '../sketches/registry.js';

/** A built-in sketch that ticks: "clock" (timed) or "button" (a push button on the board). */
export type ClockSketch = 'clock' | 'button';

/** The built-in sketches that can tick a circuit: the timed clock, the push button. */
export const clockSketches: readonly string[] = Object.entries(builtInSketches)
  .filter(([, entry]) => entry.role === 'clock')
  .map(([name]) => name);

/**
 * A circuit that names no clock gets the article's: ticking the iopin on /datafeed. `sketch`
 * (the CLI's --clock) makes every clock of the circuit that sketch, keeping what it ticks (target, channel).
 */
export function withClock(circuit: Circuit, sketch: string | undefined): Circuit {
  const isClock = (name: string, spec: NodeSpec) => (spec.sketch === undefined ? name === 'clock' : clockSketches.includes(spec.sketch));
  const hasClock = Object.entries(circuit.nodes).some(([name, spec]) => isClock(name, spec)) || circuit.nodes.clock;
  const nodes: Record<string, NodeSpec> = hasClock ? { ...circuit.nodes } : { ...circuit.nodes, clock: { sketch: 'clock' } };
  if (sketch === undefined) return { ...circuit, nodes };
  for (const [name, spec] of Object.entries(nodes)) {
    if (!isClock(name, spec)) continue;
    const { target, channel } = spec.options ?? {};
    nodes[name] = { ...spec, sketch, options: { ...(target !== undefined && { target }), ...(channel !== undefined && { channel }) } };
  }
  return { ...circuit, nodes };
}

/** The circuit with every node that serves listening on a port the OS picks (port 0): runs side by side never clash. */
export function onAnyPorts(circuit: Circuit): Circuit {
  const nodes = Object.fromEntries(Object.entries(circuit.nodes).map(([name, spec]) => [name, spec.port === undefined ? spec : { ...spec, port: 0 }]));
  return { ...circuit, nodes };
}
