/**
 * Which of pinmesh's StandardFirmata builds a hex file is, by its SHA-256 (the manifests' in
 * firmware/): so `pinmesh flash` refuses, before writing a byte, the build for a board with another
 * chip (the Mega's onto an Uno fits its flash and verifies, then never answers).
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { AvrChip } from '../chips/avr-chip.js';
import { BOARD_DEFINITIONS, type BoardDefinition } from '../chips/board-definitions.js';
import { UserError } from '../errors.js';
import { readFirmwareManifest } from './firmware-manifest.js';

/** The board whose StandardFirmata (as pinmesh fetches it) `hexData` is, if any. */
export function standardFirmataOf(hexData: Buffer | string, root?: string): BoardDefinition | undefined {
  const sha256 = createHash('sha256').update(hexData).digest('hex');
  return BOARD_DEFINITIONS.find((board) => manifestSha256(board, root) === sha256);
}

function manifestSha256(board: BoardDefinition, root: string | undefined): string | undefined {
  try {
    return readFirmwareManifest(root, board.firmware).sha256;
  } catch {
    return undefined; // an unreadable manifest knows no file: the image's own checks still hold
  }
}

/**
 * Throws when `hexData` is the StandardFirmata of a board with another chip than `chip`, the chip of
 * `target` (the board being flashed, when known), saying which build it is and what to flash instead.
 */
export function assertFirmwareForChip(hexData: Buffer | string, hexPath: string, chip: AvrChip, target: BoardDefinition | undefined, root?: string): void {
  const built = standardFirmataOf(hexData, root);
  if (built === undefined || built.chip.name === chip.name) return;
  const board = target ?? BOARD_DEFINITIONS.find((known) => known.chip.name === chip.name);
  const own = board ? `, or flash the ${board.title.replace(/^Arduino /, '')}'s (leave out --hex${target || board.name === 'uno' ? '' : `, add --board ${board.name}`})` : '';
  throw new UserError(
    `${basename(hexPath)} is the ${built.title}'s StandardFirmata (by its checksum), built for the ${built.chip.name}, not this board's ${chip.name}: ` +
      `flash it with --board ${built.name}${own}`,
  );
}
