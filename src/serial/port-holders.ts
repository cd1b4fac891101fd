import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';

/** Most processes looked at: the search is for an error message, and a machine with more is told "another program". */
const MOST_PROCESSES = 5_000;

/**
 * Who holds the serial port at `path` open, said as a person knows them: `pinmesh circuit (pid 4242)`,
 * `screen (pid 977)`, `this program (pid 31)`. Linux only (each process's open files are in /proc);
 * empty elsewhere, and where nothing could be read (another user's processes are not readable: the
 * Arduino IDE run by someone else stays "another program").
 */
export function portHolders(path: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform !== 'linux') return [];
  let device: string;
  let pids: string[];
  try {
    device = realpathSync(path);
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).slice(0, MOST_PROCESSES);
  } catch {
    return [];
  }
  const holders: string[] = [];
  for (const pid of pids) {
    if (holdsOpen(pid, device)) holders.push(`${nameOf(pid)} (pid ${pid})`);
  }
  return holders;
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

/** `pinmesh circuit` for a pinmesh command (however it was started), the program's name for anything else. */
function nameOf(pid: string): string {
  if (Number(pid) === process.pid) return 'this program';
  try {
    const [, script, command] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (script !== undefined && (basename(script) === 'pinmesh' || /[\\/]dist[\\/]lib[\\/]cli\.js$/.test(script))) return command ? `pinmesh ${command}` : 'pinmesh';
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || 'another program';
  } catch {
    return 'another program';
  }
}
