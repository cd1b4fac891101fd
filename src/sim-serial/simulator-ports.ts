/**
 * The simulated boards of the `pinmesh sim --serial` running on this computer, as serial ports for
 * `pinmesh ports`: each simulator leaves a note naming its port and its board
 * (src/serial/simulator-port-note.ts), wherever its --link put the port; one is listed while its
 * process runs and its port's pseudo-terminal exists.
 */
import { boardDefinition } from '../chips/board-definitions.js';
import type { SerialPortInfo } from '../serial/list-ports.js';
import { simulatorPortNotes, type SimulatorPortNote } from '../serial/simulator-port-note.js';
import { ptyLinkState } from './pty-link.js';

export async function simulatorPorts(notes?: readonly SimulatorPortNote[]): Promise<SerialPortInfo[]> {
  const live: SerialPortInfo[] = [];
  for (const note of notes ?? (await simulatorPortNotes())) if ((await ptyLinkState(note.link)) === 'live') live.push(simulatorPort(note));
  return live;
}

function simulatorPort({ link, board }: SimulatorPortNote): SerialPortInfo {
  const title = (boardDefinition(board)?.title ?? board).replace(/^Arduino /, '');
  return {
    path: link,
    manufacturer: undefined,
    vendorId: undefined,
    productId: undefined,
    serialNumber: undefined,
    likelyArduino: false,
    label: `simulated ${title} (pinmesh sim)`,
    ...(board !== 'uno' && { board }),
    simulated: true,
  };
}
