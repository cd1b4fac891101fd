import type { Row } from '../lib/row.js';
import { buzzerRows } from './buzzer.js';
import { circuitCpuRow } from './circuit-cpu.js';
import { circuitMockRow } from './circuit-mock.js';
import { circuitSimRow } from './circuit-sim.js';
import { fleetRow } from './fleet.js';
import { idleCpuRow } from './idle-cpu.js';
import { rssGrowthRow } from './rss-growth.js';
import { simWritesRow } from './sim-writes.js';
import { startToAckRow } from './start-to-ack.js';
import { viewOpenRow } from './view-open.js';
import { virtualTimeRows } from './virtual-time.js';

/** Every row, in the order of issue 8's table (then issue 10's view row, issue 22's fleet, issue 21's scenarios in simulated time). */
export const rows: Row[] = [...buzzerRows, circuitMockRow, circuitCpuRow, simWritesRow, circuitSimRow, idleCpuRow, startToAckRow, rssGrowthRow, viewOpenRow, fleetRow, ...virtualTimeRows];
