/**
 * A fake bootloader behind a pseudo-terminal, so that a real flasher (avrdude, or pinmesh's own
 * flasher through serialport) opens it as it would a board's serial port. socat makes the pty
 * (src/sim-serial/socat.ts: `PTY,link=PATH,rawer,wait-slave STDIO`); the bytes the flasher writes
 * reach the responder, its replies go back. One socat carries one client session.
 */
import { once } from 'node:events';
import { access } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { parseSocatNotice, spawnSocat } from '../../src/sim-serial/socat.js';

/** What a responder is to this: bytes in through write(), bytes out as 'data' events. */
export interface ByteResponder {
  write(data: Buffer): unknown;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
}

export interface PtyResponder {
  /** The path to open as the serial port. */
  readonly link: string;
  /** Resolves once the flasher has closed the port (socat then exits). */
  readonly closed: Promise<void>;
  stop(): void;
}

/** Puts `responder` behind a pty at `link`; resolves once the link is there to be opened. */
export async function ptyResponder(socat: string, link: string, responder: ByteResponder): Promise<PtyResponder> {
  const child = spawnSocat(socat, link);
  child.stdin.on('error', () => undefined);
  child.stdout.on('data', (bytes: Buffer) => responder.write(bytes));
  responder.on('data', (bytes) => {
    if (child.exitCode === null) child.stdin.write(bytes);
  });
  const closed = once(child, 'exit').then(() => undefined);
  const lines = createInterface({ input: child.stderr });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (parseSocatNotice(line).kind === 'pty') resolve();
    });
    void closed.then(() => reject(new Error(`socat exited before making ${link}`)));
  });
  // socat makes the link just after it names the pty.
  for (let tries = 0; ; tries++) {
    try {
      await access(link);
      break;
    } catch (error) {
      if (tries >= 500) throw error;
      await delay(10);
    }
  }
  return { link, closed, stop: () => child.kill() };
}
