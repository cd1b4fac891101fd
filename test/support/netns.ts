import { spawnSync } from 'node:child_process';
import { isAlive } from './process-alive.js';

/**
 * Hosts of a test's own, as Linux network namespaces joined by a bridge. Everything lives inside
 * namespaces the test made: the bridge is in the first host's namespace and each other host has a
 * veth pair from its namespace straight into it, so the machine's own network namespace gets no
 * interface, address or route, and nothing sent between these hosts can leave the machine.
 * Torn down by `destroy()`, and by a handler on process exit should the test runner die first.
 */
export class TestHosts {
  private constructor(
    readonly prefix: string,
    readonly addresses: Record<string, string>,
  ) {}

  /** Why namespaces cannot be made here (not root, no `ip`, not permitted), or undefined when they can. */
  static unavailable(): string | undefined {
    if (process.platform !== 'linux') return 'network namespaces are Linux only';
    if (process.getuid?.() !== 0) return 'creating network namespaces needs root (ip netns add); run as root to include this test';
    const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
    if (ip.error || ip.status !== 0) return 'the ip command (Debian: iproute2) is not installed';
    const probe = `pinmesh-probe-${process.pid}`;
    const made = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
    if (made.status !== 0) return `ip netns add is not permitted here: ${made.stderr.trim()}`;
    spawnSync('ip', ['netns', 'del', probe]);
    return undefined;
  }

  /**
   * Makes one namespace a host: `hosts` maps each name to its address on `subnet` (a /24 given as
   * its first three octets); the first host holds the bridge.
   */
  static create(subnet: string, hosts: Record<string, number>): TestHosts {
    const prefix = `pinmesh-${process.pid}`;
    removeStale();
    const names = Object.keys(hosts);
    const addresses = Object.fromEntries(names.map((name) => [name, `${subnet}.${hosts[name]}`]));
    const made = new TestHosts(prefix, addresses);
    const cleanup = () => made.destroy();
    process.once('exit', cleanup);
    try {
      for (const name of names) {
        ip('netns', 'add', made.netns(name));
        ip('-n', made.netns(name), 'link', 'set', 'lo', 'up');
      }
      const hub = made.netns(names[0]!);
      ip('-n', hub, 'link', 'add', 'br0', 'type', 'bridge');
      ip('-n', hub, 'addr', 'add', `${addresses[names[0]!]}/24`, 'dev', 'br0');
      ip('-n', hub, 'link', 'set', 'br0', 'up');
      for (const [index, name] of names.slice(1).entries()) {
        const port = `port${index}`;
        // Created straight inside the two namespaces: never in the machine's own.
        ip('link', 'add', 'lan0', 'netns', made.netns(name), 'type', 'veth', 'peer', 'name', port, 'netns', hub);
        ip('-n', hub, 'link', 'set', port, 'master', 'br0');
        ip('-n', hub, 'link', 'set', port, 'up');
        ip('-n', made.netns(name), 'addr', 'add', `${addresses[name]}/24`, 'dev', 'lan0');
        ip('-n', made.netns(name), 'link', 'set', 'lan0', 'up');
      }
    } catch (error) {
      made.destroy();
      throw error;
    }
    return made;
  }

  /** The namespace of host `name`, for `ip netns exec`. */
  netns(name: string): string {
    return `${this.prefix}-${name}`;
  }

  /** Takes host `name` off the network (its link down) or puts it back. */
  link(name: string, state: 'up' | 'down'): void {
    ip('-n', this.netns(name), 'link', 'set', 'lan0', state);
  }

  /** Deletes every namespace (with the veths and the bridge in them). Safe to call twice. */
  destroy(): void {
    for (const name of Object.keys(this.addresses)) spawnSync('ip', ['netns', 'del', this.netns(name)]);
  }

  /** The namespaces that exist now with this test's prefix (none after destroy()). */
  static existing(prefix: string): string[] {
    const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    return listed
      .split('\n')
      .map((line) => line.split(' ')[0]!)
      .filter((name) => name.startsWith(`${prefix}-`));
  }
}

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
}

/** Namespaces left by an earlier run of this test that died before it could clean up. */
function removeStale(): void {
  const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  for (const name of listed.split('\n').map((line) => line.split(' ')[0]!)) {
    const owner = /^pinmesh-(\d+)-/.exec(name)?.[1];
    if (owner && !isAlive(Number(owner))) spawnSync('ip', ['netns', 'del', name]);
  }
}
