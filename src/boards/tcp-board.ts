import { hostPort } from '../host-port.js';
import { NO_AUTHENTICATION_WARNING } from '../security/firmata-over-tcp.js';
import { isLoopback } from '../security/loopback.js';
import { openTcpTransport } from '../serial/tcp-transport.js';
import { FirmataBoard } from './firmata/firmata-board.js';
import { parseTcpBoardUrl } from './tcp-board-url.js';

/**
 * A board running StandardFirmataWiFi or StandardFirmataEthernet (ESP8266, ESP32, an Uno with an
 * Ethernet shield), or the simulated Uno exposed with `pinmesh sim --tcp PORT`: Firmata over a TCP
 * connection, driven as any Firmata board, with the same reconnect and fail-safe. It is a network
 * peer: beyond loopback, the person is warned once that Firmata over TCP has no authentication.
 */
export function createTcpBoard(url: string): FirmataBoard {
  const { host, port } = parseTcpBoardUrl(url);
  const where = hostPort(host, port);
  return new FirmataBoard({
    kind: 'tcp',
    port: `tcp://${where}`,
    connect: () => openTcpTransport(host, port),
    // A network board does not reset when connected to: firmata-io asks for its version after 2 s of silence.
    readyTimeoutMs: 15_000,
    advice: `is the board on the network and running StandardFirmataWiFi/Ethernet on port ${port} (or pinmesh sim --tcp ${port})?`,
    reconnect: { minDelayMs: 250, maxDelayMs: 5_000 },
    ...(isLoopback(host) ? {} : { notice: `${NO_AUTHENTICATION_WARNING} (board at ${where})` }),
  });
}
