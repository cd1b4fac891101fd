import type { Command } from 'commander';
import { rootProgram } from './root-program.js';
import { oneLineUsageErrors } from './usage-errors.js';

type Register = (program: Command) => void;

/**
 * Each command's registration, loaded only when that command runs: `pinmesh circuit` does not
 * import the flasher, the serial port listing or the firmware's code, and starts that much sooner.
 * Names as in program.ts's buildProgram (a unit test holds the two to the same commands and help).
 */
export const commandRegistrars: Readonly<Record<string, () => Promise<Register>>> = {
  circuit: async () => (await import('./commands/circuit.js')).registerCircuitCommand,
  clock: async () => (await import('./commands/clock.js')).registerClockCommand,
  button: async () => (await import('./commands/button.js')).registerButtonCommand,
  iopin: async () => (await import('./commands/nodes.js')).registerNodeCommands,
  buzzer: async () => (await import('./commands/nodes.js')).registerNodeCommands,
  run: async () => (await import('./commands/run.js')).registerRunCommand,
  nodes: async () => (await import('./commands/nodes-list.js')).registerNodesListCommand,
  probe: async () => (await import('./commands/probe.js')).registerProbeCommand,
  board: async () => (await import('./commands/board.js')).registerBoardCommand,
  sim: async () => (await import('./commands/sim.js')).registerSimCommand,
  ports: async () => (await import('./commands/ports.js')).register,
  firmware: async () => (await import('./commands/firmware.js')).registerFirmwareCommand,
  test: async () => (await import('./commands/test.js')).registerTestCommand,
  replay: async () => (await import('./commands/replay.js')).registerReplayCommand,
  token: async () => (await import('./commands/token.js')).registerTokenCommand,
  flash: async () => {
    const [{ register }, { probeAfterFlash }] = await Promise.all([import('./commands/flash.js'), import('./commands/probe.js')]);
    return (program) => register(program, { afterFlash: probeAfterFlash });
  },
};

/** `pinmesh --version` alone: the root answers it, and loading every command would only slow it down. */
const versionOnly = (argv: readonly string[]) => argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V');

/**
 * The program for `argv` (process.argv): the root and only the command it names; the root alone for
 * `--version`; every command (program.ts) when it names none, or an unknown one (so --help and
 * "did you mean" work).
 */
export async function programFor(argv: readonly string[]): Promise<Command> {
  if (versionOnly(argv)) return rootProgram();
  const name = argv[2];
  const registrar = name === undefined || !Object.hasOwn(commandRegistrars, name) ? undefined : commandRegistrars[name];
  if (registrar === undefined) return (await import('./program.js')).buildProgram();
  const program = rootProgram();
  (await registrar())(program);
  return oneLineUsageErrors(program);
}
