import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { FirmataBoard } from '../../boards/firmata/firmata-board.js';
import { boardOptions, type BoardOptions } from '../common-options.js';
import { describeBoard } from '../../report/human-line.js';
import { isBoardUrl } from '../../boards/open-board.js';
import { boardsWithPinCount, type BoardDefinition } from '../../chips/board-definitions.js';
import { otherBoard } from '../../boards/other-board.js';
import type { BoardIdentity } from '../../boards/board.js';
import { openWhenPresent } from '../../serial/port-present.js';
import { flagNames } from '../../setting-names.js';

interface ProbeFlags extends BoardOptions {
  json?: boolean;
}

/** Connects to a board running StandardFirmata and prints what its firmware says about itself. */
export async function probe(flags: ProbeFlags, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  const board = await firmataBoard(flags);
  // What the board has to say while connecting (Firmata over TCP beyond loopback: no authentication).
  board.on('warning', (warning) => process.stderr.write(`pinmesh: warning: ${warning}\n`));
  try {
    await board.ready();
    const description = board.describe();
    if (flags.json) {
      print(JSON.stringify(description));
      return;
    }
    print(describeBoard(description.identity));
    print(boardNameLine(description.identity.firmware, description.pins.length));
    const other = otherBoardAdvice(description.identity, flags.serialPort);
    if (other) print(other);
    print(`Firmata protocol ${description.protocol}, ready in ${description.readyMs} ms`);
    print(`${description.pins.length} pins:`);
    for (const pin of description.pins) {
      const analog = pin.analogChannel !== undefined ? ` (A${pin.analogChannel})` : '';
      print(`  pin ${String(pin.pin).padStart(2)}${analog.padEnd(6)} ${pin.modes.length ? pin.modes.join(', ') : '(no modes: in use by the firmware, e.g. the serial line)'}`);
    }
  } finally {
    await board.close();
  }
}

/** "board: StandardFirmata.ino reports 22 pins: likely an Arduino Nano": the board's name from its own report. */
export function boardNameLine(firmware: string, pins: number): string {
  const likely = boardsWithPinCount(pins).map((definition) => definition.title);
  const guess = likely.length > 0 ? `likely an ${likely.join(' or an ')}` : 'not a board pinmesh knows by name';
  return `board: ${firmware} reports ${pins} pins: ${guess}`;
}

/**
 * Probed as one board (--board uno, the default) while its firmware reports another's pins (a
 * Mega's 70): what to pass instead, so that its pins, LED and flashing are that board's.
 */
export function otherBoardAdvice(identity: BoardIdentity, serialPort: string | undefined): string | undefined {
  const other = otherBoard(identity);
  if (!other) return undefined;
  const { asked, reported } = other;
  const port = serialPort ? ` --serial-port ${serialPort}` : '';
  return `probed as --board ${asked.name}, but its firmware reports an ${reported.title}'s pins: drive it with --board ${reported.name} (pinmesh probe --board ${reported.name}${port})`;
}

async function firmataBoard(flags: ProbeFlags): Promise<FirmataBoard> {
  if (flags.board === 'mock' || isBoardUrl(flags.board)) {
    throw new UserError(`the ${flags.board} board has no firmware to probe: use --board uno, nano or mega (a real board), tcp://HOST:PORT (one on the network) or sim`);
  }
  // Loaded here, not at the top: registering the command must not load johnny-five or serialport.
  const { openBoard } = await import('../../boards/open-board.js');
  return (await openBoard(flags.board, { serialPort: flags.serialPort, settingNames: flagNames })) as FirmataBoard;
}

export function registerProbeCommand(program: Command): void {
  const command = program
    .command('probe')
    .description('connect to a board and print its firmware, protocol version and every pin with its modes');
  boardOptions(command, 'uno', { boardNode: false })
    .option('--json', 'print the description as one JSON object')
    .action((flags: ProbeFlags) => probe(flags));
}

/**
 * `pinmesh flash`'s hook: once flashed, the board on that port is probed (as `pinmesh probe --board uno`,
 * or the --board it was flashed as).
 * A port can be gone for a moment after the flasher closed it (a board whose USB enumerates again;
 * the simulated board, whose next pseudo-terminal is being made): the probe waits for it to be back.
 */
export const probeAfterFlash = async (serialPort: string, { json, board }: { json: boolean; board: BoardDefinition['name'] }): Promise<void> => {
  await openWhenPresent(serialPort, () => probe({ board, serialPort, json }));
};
