/**
 * `pinmesh test --board`: the board every scenario of the run runs on, whatever its file says. A
 * name scenarios do not run on is refused as the other commands' --board refuses one: the likely
 * name (src/did-you-mean.ts), then the choices.
 */
import { InvalidArgumentError } from 'commander';
import { closestName } from '../did-you-mean.js';
import { scenarioBoards, type ScenarioBoard } from '../testing/scenario-schema.js';

/** What each board is, for the choices a mistake is told. */
export const SCENARIO_BOARD_CHOICES = "mock (the mock board, in virtual time) and sim (the simulated Uno, in its MCU's time)";

/** A board scenarios run on, in any case (--board Sim is sim). */
export function scenarioBoard(value: string): ScenarioBoard {
  const board = scenarioBoards.find((known) => known === value.toLowerCase());
  if (board !== undefined) return board;
  const meant = closestName(value, scenarioBoards);
  throw new InvalidArgumentError(`${meant === undefined ? '' : `Did you mean ${meant}? `}Allowed choices are ${SCENARIO_BOARD_CHOICES}.`);
}
