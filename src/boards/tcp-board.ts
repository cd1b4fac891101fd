import { UserError } from '../errors.js';
import { hostPort } from '../host-port.js';
import { NO_AUTHENTICATION_WARNING } from '../security/firmata-over-tcp.js';
import { isLoopback } from '../security/loopback.js';
import { assertNoSecretInUrl } from '../security/url-secrets.js';
import { openTcpTransport } from '../serial/tcp-transport.js';
import { FirmataBoard } from './firmata/firmata-board.js';

/** A board that speaks Firmata over TCP: its address as --board takes it. */
export function isTcpBoardUrl(kind: string): boolean {
  return /^tcp:\/\//i.test(kind);
}


/** tcp://HOST:PORT → host and port; a UserError that shows the form otherwise. */
export function parseTcpBoardUrl(url: string): { host: string; port: number } {
  assertNoSecretInUrl(url, 'the board address');
  const bad = () => new UserError(`bad board address "${url}": give the board's tcp://HOST:PORT (StandardFirmataWiFi listens on 3030; e.g. tcp://192.168.1.50:3030)`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad();
  }
  const port = Number(parsed.port);
  if (!parsed.hostname || !Number.isInteger(port) || port < 1 || parsed.pathname.replace(/^\/$/, '') !== '') throw bad();
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

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
