/**
 * `pinmesh circuit` with one more run extension: a probe that writes each moment it hears to
 * stderr ("moment: …"), for the tests of the run's seam. Run with `node --import tsx`.
 */
import { Command } from 'commander';
import { circuitExtensions, registerCircuitCommand } from '../../src/cli/commands/circuit.js';
import type { RunExtension } from '../../src/cli/run/run-extension.js';

const say = (moment: string) => void process.stderr.write(`moment: ${moment}\n`);

const probe: RunExtension = {
  options: (command) => void command.option('--probe-pace', 'the probe paces the timed clocks'),
  join: ({ as, flags }) => {
    say(`join ${as}`);
    return {
      beforeBoards: async (plan) => say(`beforeBoards ${plan.plans.map((p) => p.name).join(' ')}`),
      boardOpened: (board) => say(`boardOpened ${board.kind}`),
      nodeStarted: async (node) => say(`nodeStarted ${node.name} (${node.sketchName}) on ${node.board.kind}`),
      clocksStarting: async (clocks) => say(`clocksStarting ${clocks.map((clock) => `${clock.name} (${clock.sketchName})`).join(' ')}`),
      ...((flags as { probePace?: boolean }).probePace && {
        clockPace: () => {
          say('clockPace');
          return { wait: async () => say('paced') };
        },
      }),
      clockStarting: (clock, board) => say(`clockStarting ${clock.name}${board ? ` on ${board.kind}` : ''}`),
      finished: async () => say('finished'),
    };
  },
};

const program = new Command('pinmesh');
registerCircuitCommand(program, [...circuitExtensions, probe]);
await program.parseAsync(process.argv);
