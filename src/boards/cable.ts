import type { BoardConnection } from './board.js';

/**
 * The USB cable of a board that can have it pulled on purpose: the simulated Uno. Pulling it takes
 * the board offline exactly as a real unplug would (its transport closes, writes fail, the board
 * reconnects with backoff); plugging it back lets the reconnect succeed.
 */
export interface Cable {
  unplug(): void;
  /** Resolves once the board has power again (the firmware may still be booting). */
  plug(): Promise<void> | void;
  readonly plugged: boolean;
}

const cables = new WeakMap<BoardConnection, Cable>();

/** Gives `board` a cable others can reach through `cableOf` (the live view's unplug button). */
export function attachCable(board: BoardConnection, cable: Cable): void {
  cables.set(board, cable);
}

/** The board's cable, on a board that has one to pull (the simulated Uno); otherwise undefined. */
export function cableOf(board: BoardConnection): Cable | undefined {
  return cables.get(board);
}
