/** `127.0.0.1:8765`, `[::1]:8765`: a host and a port as an address writes them (an IPv6 host in brackets). */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
