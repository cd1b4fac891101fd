import { isIP } from 'node:net';

/**
 * True when `host` can only be reached from this machine: 127.0.0.0/8, ::1 (and its IPv4-mapped
 * form ::ffff:127.x.y.z), or the name "localhost". Decided from the address alone: nothing is bound
 * or resolved. Anything else (0.0.0.0, ::, a LAN address, a host name) counts as beyond loopback.
 */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const name = bare.toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const version = isIP(name);
  if (version === 4) return name.split('.')[0] === '127';
  if (version === 6) {
    if (name === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(name)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name);
    return mapped !== null && isLoopback(mapped[1]!);
  }
  return false;
}
