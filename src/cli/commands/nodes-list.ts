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
    const [{ BrokerConnection }, { FleetView }, listing, { FleetWatch }] = await Promise.all([
      import('../../fleet/broker-connection.js'),
      import('../../fleet/fleet-view.js'),
      import('../../fleet/fleet-listing.js'),
      import('./nodes-watch.js'),
    ]);
    let watch: InstanceType<typeof FleetWatch> | undefined;
    const connection = new BrokerConnection(settings, { onState: (state, reason) => watch?.brokerState(state, reason) });
    try {
      const view = new FleetView(connection, settings.fleet);
      await connection.started();
      if (!connection.connected) throw new UserError(`cannot reach the broker ${connection.label}: is it running, and is the address right?`);
      await view.synced();
      const nodes = [...view.nodes.values()].map(listing.listedNode);
      if (flags.json) for (const node of nodes) printJson(node);
      else for (const line of listing.fleetTable(nodes)) print(line);
      if (!flags.watch) return;
      watch = new FleetWatch(view, {
        node: (listed) => (flags.json ? printJson(listed) : print(listing.changeLine(listed))),
        broker: (state, reason) =>
          flags.json
            ? printJson({ event: 'broker', state, broker: connection.label, ...(reason !== undefined && { reason }) })
            : print(
                state === 'lost'
                  ? `lost the broker ${connection.label}: the nodes' status is unknown until it is back`
                  : state === 'refused'
                    ? `the broker ${connection.label} refused the login (${reason ?? 'no reason given'}): the nodes' status is unknown until it takes it`
                    : `the broker ${connection.label} is back: following the nodes again`,
              ),
      }, nodes);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
      });
    } finally {
      watch?.close();
      await connection.close();
    }
  });
}
