/**
 * serialport's POSIX bindings (@serialport/bindings-cpp 13.0.x, unix-read) read a port in a loop
 * that reads again at once when read() returns 0 bytes. A tty returns 0 bytes, end of file, once
 * it has been hung up: a USB serial adapter unplugged on Linux, or a pseudo-terminal whose other
 * end went away. The loop then spins (a core at 100 %, then memory) and the disconnect is never
 * reported. Upstream: serialport/bindings-cpp issue 162 (a fix was proposed in pull request 164;
 * 13.0.1, the latest release, still loops).
 *
 * This wraps the OS's binding: open, close, write and the rest are its own; only a port's read()
 * is this one, which takes 0 bytes as the port gone, so serialport closes the port with a
 * DisconnectedError, as for any disconnect. With O_NONBLOCK (as serialport opens ports) a port
 * with nothing to read answers EAGAIN, never 0. Ports without a POSIX file descriptor (Windows)
 * are left as they are.
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';

const readAsync = promisify(read);

/** The parts of a bindings-cpp port (LinuxPortBinding, DarwinPortBinding) that a read needs. */
interface PosixPortBinding {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
}

/** A serialport binding: list() and open() (only open() is changed). */
export interface SerialBinding {
  list(): Promise<unknown[]>;
  open(options: never): Promise<object>;
}

function isPosixPort(port: object): port is PosixPortBinding {
  const candidate = port as Partial<PosixPortBinding>;
  return typeof candidate.fd === 'number' && typeof candidate.poller?.once === 'function';
}

function canceled(message: string): Error {
  return Object.assign(new Error(message), { canceled: true });
}

/** Reads like bindings-cpp's unixRead, except that 0 bytes (end of file: hung up) is the port gone. */
async function readUntilHangup(port: PosixPortBinding, buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    if (!port.isOpen || port.fd === null) throw canceled('Port is not open');
    try {
      const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
      if (bytesRead === 0) throw Object.assign(new Error('the port hung up (end of file): the device is gone'), { disconnect: true });
      return { bytesRead, buffer };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw error;
      if (!port.isOpen) throw canceled('Port is not open');
      await new Promise<void>((resolve, reject) => port.poller.once('readable', (failure) => (failure ? reject(failure) : resolve())));
    }
  }
}

/** `binding`, with every POSIX port it opens reading through readUntilHangup. */
export function eofAwareBinding<B extends SerialBinding>(binding: B): B {
  return {
    ...binding,
    list: () => binding.list(),
    async open(options: never) {
      const port = await binding.open(options);
      if (!isPosixPort(port)) return port;
      return new Proxy(port, {
        get(target, property) {
          if (property === 'read') return (buffer: Buffer, offset: number, length: number) => readUntilHangup(target, buffer, offset, length);
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}
