import { hostPort } from '../host-port.js';

/** `ws://127.0.0.1:8765/datafeed`; IPv6 hosts get their brackets; paths get their leading slash. */
export function wsUrl(host: string, port: number, path = ''): string {
  const p = path === '' || path.startsWith('/') ? path : `/${path}`;
  return `ws://${hostPort(host, port)}${p}`;
}
