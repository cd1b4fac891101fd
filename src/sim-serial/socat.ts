/**
 * socat, Debian's `socat` package: it makes the pseudo-terminal that stands for the simulated
 * Uno's USB serial port, and links its bytes to our stdin/stdout.
 *
 *   socat -d -d -t 0 PTY,link=PATH,rawer,wait-slave,pty-interval=0.01 STDIO
 *
 * - `link=PATH`: a stable path (a symlink to /dev/pts/N) that a client opens as its serial port;
 *   socat removes it when it exits.
 * - `rawer`: no line discipline on our side (bytes pass as they are, no echo).
 * - `wait-slave` (`pty-interval` 10 ms): socat starts carrying bytes only once a client opened the
 *   port, and says so ("starting data transfer loop"): that moment is the client's open, when a
 *   real Uno's DTR line resets it. When the client closes the port, socat reads EIO on the pty
 *   ("probably PTY closed") and exits: that is the client's close.
 * - `-d -d`: notices on stderr, which is how the two moments above are heard.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { Socket } from 'node:net';
import { delimiter, join } from 'node:path';

/** The socat executable on PATH (or /usr/bin/socat), or undefined when it is not installed. */
export function findSocat(searchPath: string = process.env.PATH ?? ''): string | undefined {
  const candidates = [...searchPath.split(delimiter).filter(Boolean).map((dir) => join(dir, 'socat')), '/usr/bin/socat'];
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The advice when socat is missing. */
export const SOCAT_MISSING = 'socat is not installed: it makes the pseudo-terminal; install it (Debian/Ubuntu: sudo apt-get install socat; macOS: brew install socat)';

/** How often socat checks whether a client opened the pty, in seconds. */
const PTY_INTERVAL_S = 0.01;

/**
 * How long socat stays after the client closed the port (`-t`, default 0.5 s): none. Lingering, it
 * kept the closed pty behind the link, and a client that opened the port again within that half
 * second (pinmesh flash probing the board it has just flashed) got that pty, which then died.
 */
const CLOSE_LINGER_S = 0;

export function socatArgs(link: string): string[] {
  return ['-d', '-d', '-t', String(CLOSE_LINGER_S), `PTY,link=${link},rawer,wait-slave,pty-interval=${PTY_INTERVAL_S}`, 'STDIO'];
}

/** What socat's notices on stderr say, line by line. */
export type SocatNotice = { kind: 'pty'; pty: string } | { kind: 'client-opened' } | { kind: 'other'; line: string };

export function parseSocatNotice(line: string): SocatNotice {
  const pty = /\bPTY is (\S+)/.exec(line);
  if (pty) return { kind: 'pty', pty: pty[1]! };
  if (/starting data transfer loop/.test(line)) return { kind: 'client-opened' };
  return { kind: 'other', line };
}

/**
 * socat under a watchdog, so that it dies with this process however this process ends (kill -9
 * too): waiting for a client (wait-slave), socat reads nothing, so the end of its stdin alone would
 * not stop it, and it would hold the link. The shell starts the watchdog, a `cat` of a pipe (fd 3)
 * that only this process writes to, then becomes socat (exec: same pid, fd 3 closed). When this
 * process is gone the pipe ends, `cat` returns and the watchdog sends socat SIGTERM ($$ is socat's
 * pid), on which socat removes its link.
 */
const WATCHDOG = '(cat <&3 >/dev/null; kill $$ 2>/dev/null) & exec 3<&- "$0" "$@"';

export function spawnSocat(socat: string, link: string): ChildProcessWithoutNullStreams {
  const child = spawn('/bin/sh', ['-c', WATCHDOG, socat, ...socatArgs(link)], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const lifeline = child.stdio[3] as Socket;
  // Ended with socat, so its watchdog ends too; never what keeps this process alive.
  child.once('exit', () => lifeline.destroy());
  lifeline.on('error', () => undefined);
  lifeline.unref?.();
  return child as ChildProcessWithoutNullStreams;
}
