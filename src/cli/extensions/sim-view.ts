import type { Command } from 'commander';
import type { ViewLayout } from '../../view/shared/view-state.js';
import type { Session } from '../session.js';
import { viewPortOption } from './view-port-option.js';

export interface SimViewFlags {
  view?: boolean;
  viewPort: number;
}

/** `pinmesh sim`'s `--view` and `--view-port`, as the runs have them. */
export function simViewOptions(command: Command): Command {
  return command
    .option('--view', 'serve a live view of the simulated board in the browser: its pins as the firmware drives them (on 127.0.0.1; the URL is printed)')
    .addOption(viewPortOption());
}

/**
 * `pinmesh sim --view`: the simulated board (an Uno or a Mega, drawn as itself) in the live view.
 * One node, the firmware it runs, and no mesh around it; its `pin` events (what the firmware does
 * to the MCU's pins) light the board's LEDs, pin 13 the board's own "L". Started before the MCU runs, so the page sees its first change; the board
 * is reported online at `port` (the serial port or the TCP URL) as the runs report theirs.
 */
export async function viewSimulatedBoard(session: Session, viewPort: number, firmware: string, board: string): Promise<(port: string) => void> {
  // Loaded here: `pinmesh sim` without --view never imports the view's server.
  const { LiveView } = await import('./live-view.js');
  const layout: ViewLayout = { nodes: [{ name: board, sketch: firmware, role: 'server', peers: [], pins: [], local: true }] };
  await LiveView.start(session, viewPort, layout, undefined);
  const kind = board === 'mega' ? 'sim-mega' : 'sim'; // as --board names the simulated board
  return (port) => session.reporter.report('board', { event: 'board', kind, firmware, version: 'simulated', port, board });
}
