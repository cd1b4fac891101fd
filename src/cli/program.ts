import type { Command } from 'commander';
import { registerBoardCommand } from './commands/board.js';
import { registerButtonCommand } from './commands/button.js';
import { registerCircuitCommand } from './commands/circuit.js';
import { registerClockCommand } from './commands/clock.js';
import { registerNodeCommands } from './commands/nodes.js';
import { registerNodesListCommand } from './commands/nodes-list.js';
import { registerFirmwareCommand } from './commands/firmware.js';
import { register as registerFlashCommand } from './commands/flash.js';
import { register as registerPortsCommand } from './commands/ports.js';
import { probeAfterFlash, registerProbeCommand } from './commands/probe.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerRunCommand } from './commands/run.js';
import { registerSimCommand } from './commands/sim.js';
import { registerTestCommand } from './commands/test.js';
import { registerTokenCommand } from './commands/token.js';
import { rootProgram } from './root-program.js';
import { oneLineUsageErrors } from './usage-errors.js';

/** Every command, for --help, the generated docs and the tests; a run loads only its own (program-for.ts). */
export function buildProgram(): Command {
  const program = rootProgram();
  registerCircuitCommand(program);
  registerClockCommand(program);
  registerButtonCommand(program);
  registerNodeCommands(program);
  registerRunCommand(program);
  registerNodesListCommand(program);
  registerProbeCommand(program);
  registerBoardCommand(program);
  registerSimCommand(program);
  registerTestCommand(program);
  registerReplayCommand(program);
  registerPortsCommand(program);
  registerFirmwareCommand(program);
  registerTokenCommand(program);
  registerFlashCommand(program, { afterFlash: probeAfterFlash });
  return oneLineUsageErrors(program);
}
