import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

/**
 * The address of this host on the route to `host`: what peers on the broker's network can reach
 * this node at. Asked of the kernel's routing table by connecting a UDP socket, which sends nothing.
 * A broker on loopback gives 127.0.0.1: the fleet stays on this machine.
 */
export function localAddressTowards(host: string, port: number): Promise<string> {
  const family = isIP(host) === 6 || (isIP(host) === 0 && host.includes(':')) ? 'udp6' : 'udp4';
  return new Promise((resolve, reject) => {
    const socket = createSocket(family);
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.connect(port, host, () => {
      const { address } = socket.address();
      socket.close();
      resolve(address);
    });
  });
}
