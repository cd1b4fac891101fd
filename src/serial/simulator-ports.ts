/**
 * The simulated boards of the `pinmesh sim --serial` running on this computer, as serial ports for
 * `pinmesh ports` and for the advice of a command that found no board: each simulator leaves a note
 * naming its port and its board (simulator-port-note.ts), wherever its --link put the port; one is
 * listed while its process runs and its port's pseudo-terminal exists. Never picked for a board.
 */
import { boardDefinition } from '../chips/board-definitions.js';
import { listSerialPorts, type SerialPortInfo } from './list-ports.js';
import type { RawPortLister } from './raw-port.js';
import { simulatorPortNotes, type SimulatorPortNote } from './simulator-port-note.js';
import { ptyLinkState } from './pty-link.js';
import { flagNames, type SettingNames } from '../setting-names.js';

export async function simulatorPorts(notes?: readonly SimulatorPortNote[]): Promise<SerialPortInfo[]> {
  const live: SerialPortInfo[] = [];
  for (const note of notes ?? (await simulatorPortNotes())) if ((await ptyLinkState(note.link)) === 'live') live.push(simulatorPort(note));
  return live;
}

/** The OS's serial ports, then the simulated boards running now: what advice lists (a simulated one is never picked). */
export async function serialPortsAndSimulators(lister?: RawPortLister, names: SettingNames = flagNames): Promise<SerialPortInfo[]> {
  return [...(await listSerialPorts(lister, names)), ...(await simulatorPorts())];
}

/**
 * " pinmesh sim serves a simulated Uno at /tmp/uno: pass --serial-port /tmp/uno." for each simulated
 * board among `ports` ('' for none): a sentence to add to advice that found no board.
 */
export function simulatorAdvice(ports: readonly SerialPortInfo[], names: SettingNames = flagNames): string {
  return ports
    .filter((port) => port.simulated)
    .map(({ path, board }) => ` pinmesh sim serves a simulated ${boardTitle(board ?? 'uno')} at ${path}: pass ${board ? names.together(names.serialPort(path), names.board(board)) : names.serialPort(path)}.`)
    .join('');
}

const boardTitle = (board: string): string => (boardDefinition(board)?.title ?? board).replace(/^Arduino /, '');

function simulatorPort({ link, board }: SimulatorPortNote): SerialPortInfo {
  const title = boardTitle(board);
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
