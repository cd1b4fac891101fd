import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BUNDLED_FIRMWARE } from '../../firmware/bundled-firmware.js';
import { firmwarePath, type EnsureFirmwareOptions } from '../../firmware/ensure-firmware.js';
import { firmwarePlaces } from '../../firmware/firmware-places.js';
import { parseFirmware } from '../../firmware/flash-image.js';
import { readHexFile } from '../../firmware/hex-file.js';
import type { AvrChip } from '../../chips/avr-chip.js';
import { BOARD_DEFINITIONS, boardDefinition, type BoardDefinition } from '../../chips/board-definitions.js';
import { readFirmwareManifest } from '../../firmware/firmware-manifest.js';
import { BOOTLOADER_BAUD_RATES, USUAL_CHIP, type FlashProgress, type FlashStats } from '../../flash/flash.js';
import { BootloaderNotAnsweringError } from '../../flash/flash-errors.js';
import { flashSerialPort, type FlashSerialPortOptions } from '../../flash/flash-serial-port.js';
import { PROGRAMMER_PROTOCOLS, type ProgrammerProtocol } from '../../flash/programmer.js';
import { assertFirmwareForChip } from '../../firmware/firmware-identity.js';
import { findUno } from '../../serial/find-uno.js';
import { describePortBriefly, type SerialPortInfo } from '../../serial/list-ports.js';
import { portExists } from '../../serial/port-present.js';
import { portNotFoundError } from '../../serial/serial-errors.js';
import { serialPortsAndSimulators } from '../../serial/simulator-ports.js';
import { packageRoot } from '../../package-root.js';
import { UserError, errorMessage } from '../../errors.js';
import { serialPortOption } from '../serial-port-option.js';

export interface FlashFlags {
  serialPort?: string;
  hex?: string;
  baud?: number;
  /** The bootloader's protocol: stk500v1 (Uno, Nano; the default) or stk500v2 (Mega 2560). */
  protocol?: ProgrammerProtocol;
  /**
   * The board (uno, nano, mega): its definition gives the protocol, the chip, the bootloader's baud
   * rates and the StandardFirmata to write, each unless its own flag says otherwise.
   */
  board?: string;
  json?: boolean;
}

/**
 * HOOK for the probe command: `afterFlash` runs after a successful flash, once the port is
 * closed again, with the port's path (and whether output is JSON). Connect it in program.ts:
 *   registerFlash(program, { afterFlash: (path, { json }) => probe(path, { json }) });
 */
export interface FlashCommandHooks {
  afterFlash?: (path: string, context: { json: boolean; board: BoardDefinition['name'] }) => Promise<void>;
}

export interface FlashCommandDeps extends FlashCommandHooks {
  /** Default: the OS's serial ports, and the simulated boards running (named in advice, never picked). */
  listPorts?: () => Promise<SerialPortInfo[]>;
  /** Whether the --serial-port given is there, checked before anything is printed. Default: the file exists (portExists). */
  portExists?: (path: string) => Promise<boolean>;
  /** Default: flashSerialPort (real serial port). Tests inject a mock-port version. */
  flash?: (options: FlashSerialPortOptions) => Promise<FlashStats>;
  /** One line of human output, or the JSON document. Default: stdout. */
  print?: (line: string) => void;
  /** Default: pinmesh's package root (firmware/ lives there). */
  packageRoot?: string;
  /** How pinmesh's own firmware is found or fetched (tests inject the download). */
  firmware?: EnsureFirmwareOptions;
  /** The board's chip, when a board definition knows it. Default: USUAL_CHIP of the protocol. */
  chip?: AvrChip;
}

export interface FlashResult extends FlashStats {
  port: string;
  hex: string;
}

const printToStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};


/** Prints a line at the start of each phase and at every quarter of the pages. */
function progressPrinter(print: (line: string) => void): (progress: FlashProgress) => void {
  let lastQuarter = -1;
  return ({ phase, pagesDone, pages }) => {
    if (phase === 'sync') print('  reaching the bootloader…');
    if (phase !== 'write' && phase !== 'verify') return;
    if (pagesDone === 0) lastQuarter = -1;
    const quarter = pages === 0 ? 4 : Math.floor((pagesDone / pages) * 4);
    if (quarter === lastQuarter) return;
    lastQuarter = quarter;
    const verb = phase === 'write' ? 'writing  ' : 'verifying';
    print(`  ${verb} ${String(quarter * 25).padStart(3)}% (${pagesDone}/${pages} pages)`);
  };
}

/**
 * `pinmesh flash`: writes StandardFirmata (or --hex) to an Uno through its bootloader, verifies
 * it, then runs the afterFlash hook. Throws UserError for what the person can fix.
 */
export async function runFlash(flags: FlashFlags, deps: FlashCommandDeps = {}): Promise<FlashResult> {
  const print = deps.print ?? printToStdout;
  const json = Boolean(flags.json);
  const say = (line: string): void => {
    if (!json) print(line);
  };

  const root = deps.packageRoot ?? packageRoot();
  const board = flags.board === undefined ? undefined : flashBoard(flags.board);
  // pinmesh's own StandardFirmata (the board's): found, or fetched and verified on first use.
  const manifest = board && board.firmware !== 'uno' ? { manifest: readFirmwareManifest(root, board.firmware) } : {};
  const need = { board: board?.firmware ?? 'uno', for: `the ${board?.title ?? 'Arduino Uno'}`, otherwise: 'flash a hex of your own with --hex FILE' };
  const hexPath =
    flags.hex !== undefined ? resolve(flags.hex) : await firmwarePath({ places: firmwarePlaces(root), ...manifest, need, ...deps.firmware });
  const protocol = flags.protocol ?? board?.bootloader.protocol ?? 'stk500v1';
  // The board's own bootloader, unless --protocol names another: its chip and baud rates then.
  const ownBootloader = board?.bootloader.protocol === protocol ? board : undefined;
  const chip = deps.chip ?? ownBootloader?.chip ?? USUAL_CHIP[protocol];
  const hexData = await readHexFile(hexPath);
  // pinmesh's StandardFirmata for a board with another chip: it would fit, verify, and never answer.
  if (flags.hex !== undefined) assertFirmwareForChip(hexData, hexPath, chip, ownBootloader, root);
  const image = parseFirmware(hexData, { source: hexPath, chip, program: true });

  const listPorts = deps.listPorts ?? (() => serialPortsAndSimulators());
  let portPath = flags.serialPort;
  let portInfo: SerialPortInfo | undefined;
  if (portPath === undefined) {
    portInfo = findUno(await listPorts());
    portPath = portInfo.path;
  } else if (!(await (deps.portExists ?? portExists)(portPath))) {
    // Said before the "Flashing … to PORT" line, which would otherwise announce a flash that cannot start.
    throw portNotFoundError(portPath, await listPorts().catch(() => undefined));
  }
  const device = await realpath(portPath).catch(() => undefined); // for advice: a pseudo-terminal is no board on USB
  // pinmesh's own simulator without a bootloader: nothing can answer there, so say so now, not after 14 s of trying.
  const { simulatorFlashAdvice, simulatorWithoutBootloader } = await import('../../flash/simulator-flash-advice.js');
  const advice = await simulatorWithoutBootloader(portPath, device);
  if (advice) throw advice;
  const baudRates =
    flags.baud !== undefined
      ? [flags.baud]
      : ownBootloader
        ? [ownBootloader.bootloader.baudRate, ...(ownBootloader.bootloader.olderBaudRates ?? [])]
        : BOOTLOADER_BAUD_RATES[protocol];
  const fallback = baudRates.length > 1 ? ` (${baudRates.slice(1).join(', then ')} if no bootloader answers)` : '';

  // Said once the port is open: a port another program holds is refused before any "Flashing" line.
  const announce = (): void =>
    say(
      `Flashing ${hexPath} (${image.byteCount} bytes, ${image.pages.length} pages) to ` +
        `${portInfo ? describePortBriefly(portInfo) : portPath} at ${baudRates[0]} baud${fallback}`,
    );
  const flash = deps.flash ?? flashSerialPort;
  const stats = await flash({
    path: portPath,
    image,
    chip,
    protocol,
    ...(flags.baud !== undefined ? { baudRate: flags.baud } : { baudRates }),
    hexSource: hexPath,
    onOpened: announce,
    onBaudRateSilent: (silent, next) => say(`  no bootloader answered at ${silent} baud; trying ${next} baud…`),
    ...(!json && { onProgress: progressPrinter(print) }),
  }).catch(async (error: unknown) => {
    // pinmesh's own simulator, without a bootloader: say so, not "press reset, check the cable".
    if (!(error instanceof BootloaderNotAnsweringError)) throw error;
    throw (await simulatorFlashAdvice(error, portPath, device)) ?? error;
  });
  const result: FlashResult = { port: portPath, hex: hexPath, ...stats };

  if (json) print(JSON.stringify({ ok: true, ...result }));
  else {
    say(
      `Flashed and verified ${stats.bytes} bytes (${stats.pages} pages) on ${portPath} in ` +
        `${(stats.ms / 1000).toFixed(1)} s (${stats.chip}, bootloader ${stats.bootloaderVersion}` +
        `${stats.baudRate !== undefined ? ` at ${stats.baudRate} baud` : ''}).`,
    );
  }

  if (deps.afterFlash) {
    try {
      await deps.afterFlash(portPath, { json, board: board?.name ?? 'uno' });
    } catch (error) {
      // Another program (--hex Blink.hex) does not answer as StandardFirmata does: flashing it went well.
      if (flags.hex === undefined || !(error instanceof UserError)) throw error;
      say(`note: the board does not answer as StandardFirmata (${errorMessage(error)}); fine if ${hexPath} is another program, but pinmesh's commands need StandardFirmata: pinmesh flash without --hex writes it`);
    }
  }
  return result;
}

const unknownBoard = (name: string): string =>
  `pinmesh flash knows the boards ${BOARD_DEFINITIONS.map((known) => known.name).join(', ')}; got "${name}".`;

function flashBoard(name: string): BoardDefinition {
  const board = boardDefinition(name);
  if (!board) throw new UserError(unknownBoard(name));
  return board;
}

/** `--board`, checked as it is parsed. */
function boardName(value: string): string {
  if (!boardDefinition(value)) throw new InvalidArgumentError(unknownBoard(value));
  return value;
}

function protocol(value: string): ProgrammerProtocol {
  const known = PROGRAMMER_PROTOCOLS.find((name) => name === value.toLowerCase());
  if (!known) {
    throw new InvalidArgumentError(
      `expected ${PROGRAMMER_PROTOCOLS.join(' or ')} (stk500v1: Uno, Nano; stk500v2: Mega 2560), got "${value}".`,
    );
  }
  return known;
}

function baudRate(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a baud rate such as 115200 or 57600, got "${value}".`);
  }
  return parsed;
}

/** Adds `pinmesh flash`. `hooks.afterFlash`: see FlashCommandHooks (the probe command). */
export function register(program: Command, hooks: FlashCommandDeps = {}): void {
  const command = program.command('flash').description('write StandardFirmata to an Arduino through its bootloader, and verify it');
  serialPortOption(command, 'serial port of the board (an Uno is found by USB identity when omitted)')
    .option('--hex <file>', `Intel HEX file to write (default: ${BUNDLED_FIRMWARE} in the pinmesh package)`)
    .option(
      '--baud <rate>',
      `bootloader baud rate, the only one tried (default: ${BOOTLOADER_BAUD_RATES.stk500v1.join(', then ')} for stk500v1)`,
      baudRate,
    )
    .option('--board <name>', `the board: ${BOARD_DEFINITIONS.map((known) => known.name).join(', ')}; sets the bootloader's protocol and baud rates and the StandardFirmata written (--protocol, --baud, --hex override)`, boardName)
    .option('--protocol <name>', 'bootloader protocol: stk500v1 (Uno, Nano; default) or stk500v2 (Mega 2560)', protocol)
    .option('--json', 'print one JSON object with the result instead of human text')
    .action(async (flags: FlashFlags) => {
      // Stopped mid-write, the board keeps its bootloader but holds part of a program: say so.
      const stopped = (signal: NodeJS.Signals) => {
        process.stderr.write(`pinmesh: ${signal}: flashing stopped; the board may hold part of a program, which will not run: flash it again (pinmesh flash) before using it\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      };
      process.once('SIGINT', stopped);
      process.once('SIGTERM', stopped);
      try {
        await runFlash(flags, hooks);
      } finally {
        process.off('SIGINT', stopped);
        process.off('SIGTERM', stopped);
      }
    });
}
