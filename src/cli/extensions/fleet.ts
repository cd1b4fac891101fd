import { UserError } from '../../errors.js';
import { brokerEndpoint, type BrokerSettings } from '../../fleet/broker.js';
import type { Fleet } from '../../fleet/fleet.js';
import { addressOf } from '../../mesh/circuit.js';
import { circuitDirectory, type Directory } from '../../mesh/directory.js';
import { brokerOptions, readBroker, type BrokerFlags } from '../broker-options.js';
import { packageVersion } from '../package-info.js';
import type { RunExtension, RunHooks, RunPlan } from '../run/run-extension.js';
import type { RunSession } from '../../run/run-session.js';

/**
 * `--broker` (or the circuit file's "broker"): the run's nodes in a fleet. Each served node and
 * each clock is announced once it starts; nodes are found through the broker first; a node serves,
 * unless told otherwise, where it reaches the broker from.
 */
export const fleet: RunExtension<BrokerFlags> = {
  options: (command) => void brokerOptions(command),
  join: async ({ session, flags, circuit, as }) => {
    const broker = await readBroker(flags, circuit);
    return broker && fleetHooks(await openFleet(session, broker, as));
  },
};

function fleetHooks(joined: Fleet): RunHooks {
  return {
    listenHost: () => hostTowardsBroker(joined.settings),
    directory: (plan) => brokerFirst(joined, plan),
    // Each node reaches the broker before anything starts: "connected to the broker" comes before a
    // node says it waits for a peer the broker has not heard of, and a refused login before a board opens.
    beforeBoards: async ({ plans }) => {
      await Promise.all(plans.map((plan) => joined.connect(plan.name)));
    },
    nodeStarted: async ({ name, sketchName, node, board, security }) => {
      const host = isWildcard(node.host) ? await hostTowardsBroker(joined.settings) : node.host;
      const serves = { host, port: node.port, token: Boolean(security.token), tls: Boolean(security.tls) };
      await joined.join({ name, sketch: sketchName, serves, board, version: packageVersion() });
    },
    clocksStarting: async (clocks) => {
      for (const clock of clocks) await joined.join({ name: clock.name, sketch: clock.sketchName, version: packageVersion() });
    },
  };
}

/**
 * Joins the fleet for this command: loaded only when a broker is named (so other commands never
 * load an MQTT client), closed on the way out (every node it announced says `offline`).
 */
async function openFleet(session: RunSession, settings: BrokerSettings, as: string): Promise<Fleet> {
  const { Fleet } = await import('../../fleet/fleet.js');
  const fleet = new Fleet(settings, session.reporter, as);
  session.defer(() => fleet.close());
  return fleet;
}

/** The address this host reaches the broker from: where a node serves by default in a fleet. */
async function hostTowardsBroker(settings: BrokerSettings): Promise<string> {
  const { localAddressTowards } = await import('../../fleet/local-address.js');
  const { host, port } = brokerEndpoint(settings);
  try {
    return await localAddressTowards(host, port);
  } catch (error) {
    throw new UserError(`cannot find a route to the broker ${settings.url} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check its host, or pass --host`);
  }
}

/** An address the node was told to listen on that no peer can connect to (0.0.0.0, ::). */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

/**
 * The broker first and, when a circuit file was given, its addresses for nodes the broker has not
 * heard of. A process given a CA (--tls-ca) believes only wss:// nodes from the broker.
 */
function brokerFirst(joined: Fleet, { circuit, fileGiven, credentials }: RunPlan): Directory {
  const tlsOnly = credentials.ca !== undefined;
  if (!fileGiven) return joined.directory({ tlsOnly });
  const fallback = { knows: (name: string) => Boolean(circuit.nodes[name] && addressOf(circuit.nodes[name]!)), directory: circuitDirectory(circuit) };
  return joined.directory({ fallback, tlsOnly });
}
