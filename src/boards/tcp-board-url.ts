import { UserError } from '../errors.js';
import { assertNoSecretInUrl } from '../security/url-secrets.js';

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
