/**
 * `pinmesh test --board`: the board every scenario of the run runs on, whatever its file says. A
 * name scenarios do not run on is refused as the other commands' --board refuses one: the likely
 * name (src/did-you-mean.ts), then the choices.
 */
import { InvalidArgumentError } from 'commander';
import { closestName } from '../did-you-mean.js';
import { SCENARIO_BOARD_CHOICES, scenarioBoards, type ScenarioBoard } from '../testing/scenario-schema.js';

/** A board scenarios run on, in any case (--board Sim is sim). */
export function scenarioBoard(value: string): ScenarioBoard {
  const board = scenarioBoards.find((known) => known === value.toLowerCase());
  if (board !== undefined) return board;
  const meant = closestName(value, scenarioBoards);
  throw new InvalidArgumentError(`${meant === undefined ? '' : `Did you mean ${meant}? `}Allowed choices are ${SCENARIO_BOARD_CHOICES}.`);
}
