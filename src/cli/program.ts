import { Command } from 'commander';
import { registerBoardCommand } from './commands/board.js';
import { registerButtonCommand } from './commands/button.js';
import { registerCircuitCommand } from './commands/circuit.js';
import { registerClockCommand } from './commands/clock.js';
import { registerNodeCommands } from './commands/nodes.js';
import { registerNodesListCommand } from './commands/nodes-list.js';
import { registerFirmwareCommand } from './commands/firmware.js';
import { register as registerFlashCommand } from './commands/flash.js';
import { register as registerPortsCommand } from './commands/ports.js';
import { registerProbeCommand, probe } from './commands/probe.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerRunCommand } from './commands/run.js';
import { registerSimCommand } from './commands/sim.js';
import { registerTokenCommand } from './commands/token.js';
import { packageVersion } from './package-info.js';

export function buildProgram(): Command {
  const program = new Command('pinmesh')
    .description('Reactive Arduino-style sketches that talk over WebSockets and drive real Arduino pins through Firmata')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(`pinmesh: ${text.replace(/^error: /, '')}`) });
  registerCircuitCommand(program);
  registerClockCommand(program);
  registerButtonCommand(program);
  registerNodeCommands(program);
  registerRunCommand(program);
  registerNodesListCommand(program);
  registerProbeCommand(program);
  registerBoardCommand(program);
  registerSimCommand(program);
  registerReplayCommand(program);
  registerPortsCommand(program);
  registerFirmwareCommand(program);
  registerTokenCommand(program);
  registerFlashCommand(program, { afterFlash: (serialPort, { json }) => probe({ board: 'uno', serialPort, json }) });
  return program;
}
