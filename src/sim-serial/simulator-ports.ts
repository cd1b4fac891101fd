/**
 * The simulated board of a `pinmesh sim --serial` running on this computer, as a serial port for
 * `pinmesh ports`: found at the default link (a simulator given another --link is known only to
 * whoever chose it), and listed only while it runs (the link's pty exists).
 */
import type { SerialPortInfo } from '../serial/list-ports.js';
import { defaultLinkPath } from './link-path.js';
import { ptyLinkState } from './pty-link.js';

export async function simulatorPorts(links: readonly string[] = [defaultLinkPath()]): Promise<SerialPortInfo[]> {
  const live: SerialPortInfo[] = [];
  for (const link of links) if ((await ptyLinkState(link)) === 'live') live.push(simulatorPort(link));
  return live;
}

function simulatorPort(path: string): SerialPortInfo {
  return {
    path,
    manufacturer: undefined,
    vendorId: undefined,
    productId: undefined,
    serialNumber: undefined,
    likelyArduino: false,
    label: 'simulated (pinmesh sim)',
    simulated: true,
  };
}
