import type { Server as NetServer } from 'node:net';
import { UserError } from '../errors.js';

/** Listens on host:port; a port in use, a privileged port or a foreign address rejects with advice (a UserError). */
export function listening(server: NetServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(bindError(error, host, port));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * A port that cannot be had: in use, or privileged. Its message ends with how to choose another
 * port; only the caller knows how that is done (a flag, a file, an argument), so it may say so
 * with withAdvice().
 */
export class PortUnavailableError extends UserError {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: 'in-use' | 'privileged',
    advice = 'choose another port',
  ) {
    super(
      reason === 'in-use'
        ? `port ${port} on ${host} is already in use: another pinmesh node or another program is listening there; stop it, or ${advice}`
        : `not allowed to listen on ${host}:${port}: ports below 1024 need privileges; ${advice} (above 1024)`,
    );
  }

  /** The same error, ending with `advice` (e.g. "choose another port with --port"). */
  withAdvice(advice: string): PortUnavailableError {
    return new PortUnavailableError(this.host, this.port, this.reason, advice);
  }
}

/** A host that is no address of this machine. Its message ends with how to fix it; the caller may say how (withAdvice). */
export class ForeignHostError extends UserError {
  constructor(
    readonly host: string,
    readonly port: number,
    advice = 'fix --host',
  ) {
    super(`cannot listen on ${host}:${port}: ${host} is not an address of this machine; use 127.0.0.1 or ${advice}`);
  }

  /** The same error, ending with `advice` ("fix host"). */
  withAdvice(advice: string): ForeignHostError {
    return new ForeignHostError(this.host, this.port, advice);
  }
}

export function bindError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new PortUnavailableError(host, port, 'in-use');
  if (error.code === 'EACCES') return new PortUnavailableError(host, port, 'privileged');
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new ForeignHostError(host, port);
  return error;
}
