import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';

/** Most processes looked at: the search is for an error message, and a machine with more is told "another program". */
const MOST_PROCESSES = 5_000;

/** One process holding the port: its name as a person knows it, and whether it is a board node (with the address it serves the board at). */
export interface PortHolder {
  /** `pinmesh circuit (pid 4242)`, `screen (pid 977)`. */
  name: string;
  /**
   * A `pinmesh board` holding it, which the others can share the board through: `url` is where it
   * serves it (`ws://127.0.0.1:8764`), when its command line says (not with `--port 0`).
   */
  boardNode?: { url?: string };
}

/**
 * Who holds the serial port at `path` open, each said as a person knows them (`pinmesh circuit (pid
 * 4242)`, `screen (pid 977)`, `this program (pid 31)`), a board node with where it serves the board.
 * Linux only (each process's open files are in /proc); empty elsewhere, and where nothing could be
 * read (another user's processes are not readable: the Arduino IDE run by someone else stays
 * "another program").
 */
export function portHolderList(path: string, platform: NodeJS.Platform = process.platform): PortHolder[] {
  if (platform !== 'linux') return [];
  let device: string;
  let pids: string[];
  try {
    device = realpathSync(path);
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).slice(0, MOST_PROCESSES);
  } catch {
    return [];
  }
  const holders: PortHolder[] = [];
  for (const pid of pids) {
    if (!holdsOpen(pid, device)) continue;
    const { name, pinmesh } = whoIs(pid);
    const url = pinmesh?.[0] === 'board' ? boardNodeAddress(pinmesh.slice(1)) : undefined;
    holders.push({ name: `${name} (pid ${pid})`, ...(pinmesh?.[0] === 'board' && { boardNode: url === undefined ? {} : { url } }) });
  }
  return holders;
}

/**
 * Where `pinmesh board ARGS` serves its board: its --host/-s and --port/-p as given (default
 * 127.0.0.1:8764; a wildcard host is reached on loopback), wss:// with --tls-cert. Undefined when
 * the command line cannot say (`--port 0`: a port the system chose).
 */
export function boardNodeAddress(args: readonly string[]): string | undefined {
  const value = (long: string, short: string): string | undefined => {
    for (const [index, arg] of args.entries()) {
      if (arg === long || arg === short) return args[index + 1];
      if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
      if (arg.startsWith(short) && arg.length > short.length) return arg.slice(short.length); // -p9000
    }
    return undefined;
  };
  const given = value('--host', '-s');
  const host = given === undefined || given === '0.0.0.0' || given === '::' ? '127.0.0.1' : given;
  const port = Number(value('--port', '-p') ?? 8764);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  const scheme = args.some((arg) => arg === '--tls-cert' || arg.startsWith('--tls-cert=')) ? 'wss' : 'ws';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function holdsOpen(pid: string, device: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === device;
      } catch {
        return false; // closed meanwhile
      }
    });
  } catch {
    return false; // gone, or another user's
  }
}

/**
 * `pinmesh circuit` for a pinmesh command (however it was started: `pinmesh`, `npx pinmesh`, `node
 * dist/lib/cli.js` from the repository, with node's own options before it), with its arguments; the
 * program's name for anything else.
 */
function whoIs(pid: string): { name: string; pinmesh?: string[] } {
  if (Number(pid) === process.pid) return { name: 'this program' };
  try {
    const [, ...rest] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    const at = rest.findIndex((arg) => !arg.startsWith('-')); // node --enable-source-maps SCRIPT …
    const script = rest[at];
    if (script !== undefined && (basename(script) === 'pinmesh' || /(^|[\\/])dist[\\/]lib[\\/]cli\.js$/.test(script))) {
      const args = rest.slice(at + 1);
      return { name: args[0] ? `pinmesh ${args[0]}` : 'pinmesh', pinmesh: args };
    }
    return { name: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || 'another program' };
  } catch {
    return { name: 'another program' };
  }
}
