import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { FirmataBoard } from '../../boards/firmata/firmata-board.js';
import { boardOptions, type BoardOptions } from '../common-options.js';
import { describeBoard } from '../../report/human-line.js';

interface ProbeFlags extends BoardOptions {
  json?: boolean;
}

/** Connects to a board running StandardFirmata and prints what its firmware says about itself. */
export async function probe(flags: ProbeFlags, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  const board = await firmataBoard(flags);
  try {
    await board.ready();
    const description = board.describe();
    if (flags.json) {
      print(JSON.stringify(description));
      return;
    }
    print(describeBoard(description.identity));
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

async function firmataBoard(flags: ProbeFlags): Promise<FirmataBoard> {
  // Loaded here, not at the top: registering the command must not load johnny-five or serialport.
  if (flags.board === 'sim') {
    const hexPath = await (await import('../../firmware/ensure-firmware.js')).firmwarePath();
    return (await import('../../boards/sim-board.js')).createSimBoard({ hexPath }).board;
  }
  if (flags.board === 'uno') return (await import('../../boards/uno-board.js')).createUnoBoard({ serialPort: flags.serialPort });
  throw new UserError(`the ${flags.board} board has no firmware to probe: use --board uno (a real Uno) or --board sim`);
}

export function registerProbeCommand(program: Command): void {
  const command = program
    .command('probe')
    .description('connect to a board and print its firmware, protocol version and every pin with its modes');
  boardOptions(command, 'uno')
    .option('--json', 'print the description as one JSON object')
    .action((flags: ProbeFlags) => probe(flags));
}

/** `pinmesh flash`'s hook: once flashed, the Uno on that port is probed (as `pinmesh probe --board uno`). */
export const probeAfterFlash = (serialPort: string, { json }: { json: boolean }): Promise<void> => probe({ board: 'uno', serialPort, json });
