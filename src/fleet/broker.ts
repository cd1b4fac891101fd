import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/** Where the fleet's broker is and how to log in to it. The password never prints (see `brokerLabel`). */
export interface BrokerSettings {
  /** `mqtt://host:1883` or `mqtts://host:8883`, without user or password. */
  url: string;
  username?: string;
  password?: string;
  /** Certificates (PEM) to trust for mqtts:// besides the public CAs (a self-signed broker's). */
  ca?: string;
  /** Seconds between keepalive pings; the broker gives a silent node up after 1.5 times this. */
  keepalive: number;
  /** The fleet's name: nodes of one fleet find each other (topic level `pinmesh/v1/<fleet>/…`). */
  fleet: string;
  /** Also announce the board's state through Home Assistant's MQTT discovery. */
  homeassistant: boolean;
  /** Home Assistant's discovery prefix. */
  discoveryPrefix: string;
}

export const defaultKeepalive = 10;
export const defaultDiscoveryPrefix = 'homeassistant';

/**
 * The broker's URL, checked: mqtt:// or mqtts://, a host, a port (1883 and 8883 by default). A user
 * name may be in it; a password may not (it would land in shell history and `ps`).
 */
export function parseBrokerUrl(text: string, where = '--broker'): { url: string; username?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`${where} ${JSON.stringify(text)} is not a URL: expected mqtt://HOST:1883 or mqtts://HOST:8883`);
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') {
    throw new UserError(`${where} ${url.protocol}// is not supported: expected mqtt://HOST:1883 or mqtts://HOST:8883`);
  }
  if (url.password) {
    throw new UserError(`${where} must not carry a password (it would show in shell history and ps): put it in a file and pass --broker-password-file FILE, or set PINMESH_BROKER_PASSWORD`);
  }
  if (!url.hostname) throw new UserError(`${where} ${JSON.stringify(text)} has no host: expected mqtt://HOST:1883`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    throw new UserError(`${where} ${JSON.stringify(text)}: only mqtt://HOST:PORT is understood (no path or query)`);
  }
  const port = url.port || (url.protocol === 'mqtts:' ? '8883' : '1883');
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  return { url: `${url.protocol}//${url.hostname}:${port}`, ...(username ? { username } : {}) };
}

/** The broker as it prints: `mqtt://alice@10.0.0.1:1883`, never a password. */
export function brokerLabel(settings: Pick<BrokerSettings, 'url' | 'username'>): string {
  if (!settings.username) return settings.url;
  return settings.url.replace('://', `://${encodeURIComponent(settings.username)}@`);
}

/** The broker's host and port, for finding the local address that reaches it. */
export function brokerEndpoint(settings: Pick<BrokerSettings, 'url'>): { host: string; port: number; tls: boolean } {
  const url = new URL(settings.url);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: Number(url.port), tls: url.protocol === 'mqtts:' };
}

/** A client id of our own for every connection: two pinmesh processes never take over each other's session. */
export function clientId(): string {
  return `pinmesh-${randomBytes(6).toString('hex')}`;
}
