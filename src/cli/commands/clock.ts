import type { Command } from 'commander';
import { loadCircuit, nodeAddressOf } from '../../mesh/circuit.js';
import { wsUrl } from '../../mesh/ws-url.js';
import { runClock } from '../../sketches/clock.js';
import { outputOptions, peerLinkOptions, peerOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import * as parse from '../parse.js';
import { clientSecurityOptions, linkCredentials, readCredentials, type ClientSecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { peerHeaders } from '../../security/peer-credentials.js';

export const tickOptions = (command: Command): Command =>
  command
    .option('-t, --ticks <n>', 'number of ticks (0: until stopped)', parse.number({ integer: true, min: 0 }), 5)
    .option('-d, --delay <seconds>', 'seconds between ticks', parse.number({ min: 0 }), 1);

interface ClockFlags extends OutputOptions, PeerOptions, ClientSecurityFlags {
  host?: string;
  port?: number;
  target: string;
  channel: string;
  ticks: number;
  delay: number;
}

export function registerClockCommand(program: Command): void {
  const clock = program
    .command('clock')
    .description('send ticks 0, 1, … to a node (the iopin) and wait for each acknowledgement')
    .option('-s, --host <host>', "host of the node to tick (default: the target's host in the circuit)")
    .option('-p, --port <port>', "port of the node to tick (default: the target's port in the circuit)", parse.port)
    .option('--target <node>', 'node of the circuit to tick', 'iopin')
    .option('--channel <path>', 'channel (URL path) to tick on', '/datafeed');
  tickOptions(clock);
  peerOptions(clock);
  clientSecurityOptions(clock);
  outputOptions(clock).action((flags: ClockFlags) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const circuit = await loadCircuit(flags.circuit);
      const known = flags.host !== undefined && flags.port !== undefined ? circuit.nodes[flags.target] : nodeAddressOf(circuit, flags.target);
      // The circuit's entry for the target says whether it wants the token and speaks wss://.
      const target = { token: known?.token, tls: known?.tls };
      const plain = wsUrl(flags.host ?? known!.host, flags.port ?? known!.port, flags.channel);
      const url = target.tls ? plain.replace(/^ws:/, 'wss:') : plain;
      const credentials = await readCredentials(flags);
      const headers = peerHeaders(flags.target, target, credentials);
      const link = { ...peerLinkOptions(flags), ...linkCredentials(credentials, () => headers) };
      const results = await runClock({ target: flags.target, url, ticks: flags.ticks, delay: flags.delay, reporter: session.reporter, signal: session.signal, link });
      return results.every((result) => result.ok) ? 0 : 1;
    }),
  );
}
