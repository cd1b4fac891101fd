import { UserError } from '../errors.js';
import type { Circuit } from '../mesh/circuit.js';
import type { SettingNames } from '../setting-names.js';

/**
 * The circuit with its served nodes moved to `base`, `base + 1`, … in the circuit's order (the
 * nodes that only connect out, the clocks, have no port and keep none): a whole circuit moved from
 * the command line when its own ports are taken.
 */
export function onPortsFrom(circuit: Circuit, base: number, names: SettingNames): Circuit {
  let next = base;
  const nodes = Object.fromEntries(
    Object.entries(circuit.nodes).map(([name, spec]) => {
      if (spec.port === undefined) return [name, spec];
      if (next > 65535) throw new UserError(`the circuit's nodes do not fit from port ${base}: ${name} would get ${next}; choose a lower ${names.basePort}`);
      return [name, { ...spec, port: next++ }];
    }),
  );
  return { ...circuit, nodes };
}
