import type { Command } from 'commander';
import { loadCircuit, nodeAddressOf, nodeUrl } from '../../mesh/circuit.js';
import { startNode } from '../../runtime/start-node.js';
import { Buzzer } from '../../sketches/buzzer.js';
import { runClock } from '../../sketches/clock.js';
import { IOPin } from '../../sketches/iopin.js';
import { boardOptions, outputOptions, peerLinkOptions, peerOptions, type BoardOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import * as parse from '../parse.js';
import { linkCredentials, markOwnNodes, readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { peerHeaders } from '../../security/peer-credentials.js';
import { tickOptions } from './clock.js';

interface CircuitFlags extends OutputOptions, BoardOptions, PeerOptions, SecurityFlags {
  ticks: number;
  delay: number;
  pin: number;
  chance: number;
  sequence: number;
  hold: number;
  sound: string;
  buzzerPin: number;
}

export function registerCircuitCommand(program: Command): void {
  const circuit = program
    .command('circuit')
    .description("run the article's whole circuit in one process: buzzer and iopin sharing one board, then the clock")
    .option('--pin <pin>', "iopin's digital pin", parse.pin, 13)
    .option('--buzzer-pin <pin>', "buzzer's PWM pin", parse.pin, 3)
    .option('--chance <p>', 'probability of a 0 for each bit', parse.number({ min: 0, max: 1 }), 0.5)
    .option('--sequence <n>', 'bits per tick', parse.number({ integer: true, min: 1, max: 256 }), 3)
    .option('--hold <ms>', 'how long each bit stays on the pin, in ms', parse.number({ min: 0, max: 60_000 }), 200)
    .option('--sound <text>', "buzzer's reply for a 1", 'buzz buzz buzz');
  tickOptions(circuit);
  boardOptions(circuit, 'sim');
  peerOptions(circuit);
  securityOptions(circuit);
  outputOptions(circuit).action((flags: CircuitFlags) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const { security, credentials } = await readSecurity(flags);
      // Both nodes run here with this process's token and certificate: its own links use them.
      const mesh = markOwnNodes(await loadCircuit(flags.circuit), ['iopin', 'buzzer'], security);
      const own = { ...credentials, ...(credentials.ca === undefined && security.tls ? { ca: security.tls.cert } : {}) };
      const iopinAt = nodeAddressOf(mesh, 'iopin');
      const buzzerAt = nodeAddressOf(mesh, 'buzzer');
      const board = await session.openBoard(flags.board, { serialPort: flags.serialPort });
      const shared = { board, circuit: mesh, reporter: session.reporter, peers: peerLinkOptions(flags), security, credentials: own };

      const buzzer = await startNode({ ...shared, sketch: Buzzer, name: 'buzzer', ...buzzerAt, options: { pin: flags.buzzerPin, sound: flags.sound } });
      session.defer(() => buzzer.close());
      const iopin = await startNode({
        ...shared,
        sketch: IOPin,
        name: 'iopin',
        ...iopinAt,
        options: { pin: flags.pin, chance: flags.chance, sequence: flags.sequence, hold: flags.hold },
      });
      session.defer(() => iopin.close());

      const results = await runClock({
        target: 'iopin',
        url: nodeUrl(iopinAt, '/datafeed'),
        ticks: flags.ticks,
        delay: flags.delay,
        reporter: session.reporter,
        signal: session.signal,
        link: { ...peerLinkOptions(flags), ...linkCredentials(own, () => peerHeaders('iopin', iopinAt, own)) },
      });
      const acked = results.filter((result) => result.ok).length;
      session.reporter.report('clock', 'done', `${acked} of ${results.length} ticks acknowledged`, { acked, ticks: results.length });
      return acked === results.length ? 0 : 1;
    }),
  );
}
