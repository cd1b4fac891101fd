import { boardDefinition, type BoardDefinition } from '../chips/board-definitions.js';
import { flagNames, type SettingNames } from '../setting-names.js';
import type { BoardIdentity } from './board.js';

/** The board a run was told it drives, and the one its firmware's pins say it is. */
export interface OtherBoard {
  /** As `--board` named it: `uno`. */
  asked: BoardDefinition;
  /** As its firmware's pin count says: `mega` (70 pins). */
  reported: BoardDefinition;
}

/**
 * A board driven as one kind (`--board uno`, the default) while its firmware reports another's pins
 * (a Mega's 70): both, so the person can be told what to pass. Undefined when they agree, or when
 * either is not a board pinmesh knows by name (the simulator, a board over TCP).
 */
export function otherBoard(identity: BoardIdentity): OtherBoard | undefined {
  const asked = boardDefinition(identity.kind);
  const reported = identity.board === undefined ? undefined : boardDefinition(identity.board);
  if (!asked || !reported || reported.name === asked.name) return undefined;
  return { asked, reported };
}

/** What a run says of such a board: its pins, LED and flashing are the other board's only with its own --board (as `names` says it). */
export function otherBoardWarning(identity: BoardIdentity, names: SettingNames = flagNames): string | undefined {
  const other = otherBoard(identity);
  if (!other) return undefined;
  const { asked, reported } = other;
  return `driven as ${names.board(asked.name)}, but its firmware reports an ${reported.title}'s pins: pass ${names.board(reported.name)}, so that its pins, LED and flashing are the ${reported.title}'s`;
}
