import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { UserError } from '../errors.js';

/** Listens on host:port; a port in use, a privileged port or a foreign address rejects with advice (a UserError). */
export function listening(server: HttpServer | HttpsServer, host: string, port: number): Promise<void> {
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

export function bindError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') {
    return new UserError(`port ${port} on ${host} is already in use: another pinmesh node or another program is listening there; stop it, or choose another port with --port`);
  }
  if (error.code === 'EACCES') return new UserError(`not allowed to listen on ${where}: ports below 1024 need privileges; choose a port above 1024 with --port`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new UserError(`cannot listen on ${where}: ${host} is not an address of this machine; use 127.0.0.1 or fix --host`);
  }
  return error;
}
