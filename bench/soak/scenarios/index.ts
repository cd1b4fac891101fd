import type { Scenario } from '../scenario.js';
import { boardScenario } from './board.js';
import { brokerScenario } from './broker.js';
import { buttonScenario } from './button.js';
import { circuitScenario } from './circuit.js';
import { clockScenario } from './clock.js';
import { viewScenario } from './view.js';

/** Every until-stopped command of issue 24, in the order they run. */
export const scenarios: readonly Scenario[] = [circuitScenario('mock'), circuitScenario('sim'), clockScenario, buttonScenario, boardScenario, viewScenario, brokerScenario];
