import type { Command } from 'commander';
import { loadCircuit, type Circuit } from '../../mesh/circuit.js';
import { planCircuit } from '../../mesh/node-plan.js';
import { assertSafeToListen, resolveSecurity, withCircuit } from '../../security/node-security.js';
import { builtInSketches, type SketchEntry } from '../../sketches/registry.js';
import { BoardChoice } from '../board-choice.js';
import { brokerOptions, hostTowardsBroker, isWildcard, meshDirectory, openFleet, readBroker, type BrokerFlags } from '../broker-options.js';
import { packageVersion } from '../package-info.js';
import { boardOptions, outputOptions, peerLinkOptions, peerOptions, type BoardOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { markOwnNodes, readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags, type GivenOptions } from '../sketch-flags.js';
import { runClockNode, startServedNode } from '../node-runner.js';
import { LiveView, viewOptions, type ViewFlags } from '../view-options.js';
import { viewLayout } from '../../view/layout.js';

type CircuitFlags = OutputOptions & BoardOptions & PeerOptions & SecurityFlags & ViewFlags & BrokerFlags;

export function registerCircuitCommand(program: Command): void {
  const circuit = program
    .command('circuit')
    .description('run a whole circuit in one process (by default the article’s: buzzer and iopin sharing one board, then the clock)');
  // One flag per option of each built-in sketch; a clash is prefixed with the sketch's name (--buzzer-pin).
  const taken = new Set<string>();
  const given = new Map<SketchEntry, GivenOptions>();
  for (const [name, entry] of Object.entries(builtInSketches)) {
    given.set(entry, addSketchFlags(circuit, entry.options, { taken, prefix: name, skip: (_, property) => property.peer === true }));
  }
  boardOptions(circuit, 'sim');
  peerOptions(circuit);
  securityOptions(circuit);
  viewOptions(circuit);
  brokerOptions(circuit);
  outputOptions(circuit).action((flags: CircuitFlags, command: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const { security: own, credentials } = await readSecurity(flags);
      const loaded = withClock(await loadCircuit(flags.circuit));
      const plans = await planCircuit(loaded, { file: flags.circuit, overrides: (entry) => given.get(entry)?.(command) ?? {} });
      const servers = plans.filter((p) => p.entry.role === 'server');
      // Every node runs here with this process's token and certificate: its own links use them.
      const mesh = markOwnNodes(loaded, servers.map((p) => p.name), own);
      const ownCredentials = { ...credentials, ...(credentials.ca === undefined && own.tls ? { ca: own.tls.cert } : {}) };
      const security = (name: string) => withCircuit(name, mesh, own);
      // Refused before any board is opened: nothing is touched by a circuit that will not start.
      for (const plan of servers) assertSafeToListen(plan.name, plan.address!.host, resolveSecurity(security(plan.name)));
      const broker = await readBroker(flags, loaded);
      const fleet = broker && (await openFleet(session, broker, 'circuit'));
      // Every node of the circuit runs here: the broker first, then the circuit's own addresses.
      const context = { directory: meshDirectory(fleet, mesh, { fileGiven: true, credentials: ownCredentials }), reporter: session.reporter, peers: peerLinkOptions(flags), credentials: ownCredentials };
      const boards = new BoardChoice(session, flags, command);
      const view = await LiveView.start(session, flags, viewLayout(plans, mesh), own.token);

      for (const plan of servers) {
        const board = await boards.open(plan.board);
        view?.watchBoard(board);
        const node = await startServedNode(plan, { ...context, board, security: security(plan.name) });
        session.defer(() => node.close());
        const own = security(plan.name);
        const host = fleet && isWildcard(node.host) ? await hostTowardsBroker(fleet.settings) : node.host;
        const serves = { host, port: node.port, token: Boolean(own.token), tls: Boolean(own.tls) };
        await fleet?.join({ name: plan.name, sketch: loaded.nodes[plan.name]?.sketch ?? plan.name, serves, board, version: packageVersion() });
      }
      const clocks = plans.filter((p) => p.entry.role === 'clock');
      for (const plan of clocks) await fleet?.join({ name: plan.name, sketch: 'clock', version: packageVersion() });
      const pace = clocks.length > 0 ? view?.clockControl() : undefined;
      const results = (await Promise.all(clocks.map((plan) => runClockNode(plan, { ...context, signal: session.signal, pace })))).flat();
      const acked = results.filter((result) => result.ok).length;
      session.reporter.report(clocks.length === 1 ? clocks[0]!.name : 'clock', { event: 'done', acked, ticks: results.length });
      pace?.finish();
      await view?.stayOpen();
      return acked === results.length ? 0 : 1;
    }),
  );
}

/** A circuit file that names no clock gets the article's: ticking the iopin on /datafeed. */
function withClock(circuit: Circuit): Circuit {
  if (Object.values(circuit.nodes).some((spec) => spec.sketch === 'clock') || circuit.nodes.clock) return circuit;
  return { ...circuit, nodes: { ...circuit.nodes, clock: { sketch: 'clock' } } };
}
