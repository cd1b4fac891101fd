import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadCircuit } from '../../mesh/circuit.js';
import { terminalText } from '../../report/terminal-text.js';
import { brokerOptions, readBroker, type BrokerFlags } from '../broker-options.js';

interface NodesFlags extends BrokerFlags {
  circuit?: string;
  json?: boolean;
  watch?: boolean;
}

/** JSON for programs (JSON.stringify escapes the controls); lines for a person, whose terminal the fleet's text (anyone who can publish on the broker) must not drive. */
const printJson = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
const print = (line: string): void => void process.stdout.write(`${terminalText(line)}\n`);

/** `pinmesh nodes`: the fleet as the broker knows it now; `--watch` follows its changes. */
export function registerNodesListCommand(program: Command): void {
  const command = program
    .command('nodes')
    .description('list the nodes of the fleet on the broker: name, URL, sketch, board, online/offline, last seen')
    .option('--watch', 'keep running and print each change (a node coming, going, moving)')
    .option('--circuit <file>', 'circuit file naming the broker ("broker") when --broker is not given')
    .option('--json', 'one JSON object per node (and per change with --watch) instead of a table');
  brokerOptions(command).action(async (flags: NodesFlags) => {
    const settings = await readBroker(flags, await loadCircuit(flags.circuit));
    if (!settings) throw new UserError('pinmesh nodes asks the fleet\'s broker: pass --broker mqtt://HOST:1883 (or name "broker" in the --circuit file)');
    const [{ BrokerConnection }, { FleetView }, listing] = await Promise.all([
      import('../../fleet/broker-connection.js'),
      import('../../fleet/fleet-view.js'),
      import('../../fleet/fleet-listing.js'),
    ]);
    const connection = new BrokerConnection(settings);
    try {
      const view = new FleetView(connection, settings.fleet);
      await connection.started();
      if (!connection.connected) throw new UserError(`cannot reach the broker ${connection.label}: is it running, and is the address right?`);
      await view.synced();
      const nodes = [...view.nodes.values()].map(listing.listedNode);
      if (flags.json) for (const node of nodes) printJson(node);
      else for (const line of listing.fleetTable(nodes)) print(line);
      if (!flags.watch) return;
      // One announcement is several retained messages arriving together: say each node's change once,
      // and only when what the listing shows (online or not, where) changed.
      const shown = new Map(nodes.map((node) => [node.node, changeKey(node)]));
      const dirty = new Set<string>();
      view.on('change', (node) => {
        if (dirty.size === 0) setImmediate(flush);
        dirty.add(node.name);
      });
      const flush = () => {
        for (const name of [...dirty].sort()) {
          const known = view.get(name);
          const listed = listing.listedNode(known ?? { name, status: 'unknown' });
          if (shown.get(name) === changeKey(listed)) continue;
          shown.set(name, changeKey(listed));
          if (flags.json) printJson(listed);
          else print(listing.changeLine(listed));
        }
        dirty.clear();
      };
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
      });
    } finally {
      await connection.close();
    }
  });
}

function changeKey(node: { status: string; url: string | null; sketch: string | null }): string {
  return `${node.status} ${node.url ?? ''} ${node.sketch ?? ''}`;
}
