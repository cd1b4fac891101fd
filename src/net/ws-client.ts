import type { IncomingMessage } from 'node:http';
import { WebSocket } from './ws-package.js';

export interface ConnectOptions {
  /** Headers sent with the upgrade (e.g. `Authorization: Bearer …`). */
  headers?: Record<string, string>;
  /** Certificates (PEM) to trust for wss:// besides the public CAs: a self-signed node's (`--tls-ca`). */
  ca?: string;
  /** Largest frame accepted, in bytes. */
  maxPayload?: number;
  perMessageDeflate?: boolean;
  /**
   * How long the upgrade may take, in ms. Default 10 s: longer than a node holds its answer to a
   * wrong token (8 s at most, src/security/failure-throttle.ts), so such a client is told its token
   * was refused, not that the node never answered.
   */
  handshakeTimeoutMs?: number;
  /**
   * The error for a server that refused the upgrade with an HTTP status (401 wrong token, 403
   * origin, 404 nothing there…): advice for the person. Default: a RefusedError "HTTP 404".
   */
  refused?: (status: number) => Error;
}

/** The server answered the upgrade with plain HTTP: the client never became a WebSocket. */
export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
    this.name = 'RefusedError';
  }
}

/** The server's TLS certificate is not one this client trusts (self-signed, another CA, expired, another name). */
export class UntrustedCertificate extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'UntrustedCertificate';
  }
}

/** The server took the connection but did not finish the upgrade in time: something listens there. */
export class HandshakeTimedOut extends Error {
  constructor(readonly afterMs: number) {
    super(`took the connection but did not finish the WebSocket handshake within ${afterMs < 1_000 ? `${afterMs} ms` : `${Math.round(afterMs / 1000)} s`}`);
    this.name = 'HandshakeTimedOut';
  }
}

/** Nothing listens at the address (ECONNREFUSED): said at once, no wait will change it soon. */
export function isConnectionRefused(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';
}

/** Node's codes for a certificate it does not trust: retrying does not change them. */
const untrustedCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Opens one WebSocket to `url`. Rejects with `refused(status)` when the server refuses the
 * upgrade, and with an Error naming the network's code (ECONNREFUSED, ENOTFOUND…) when it cannot
 * be reached. Once open, socket errors are the caller's: 'close' follows each of them.
 */
export function connectWebSocket(url: string, options: ConnectOptions = {}): Promise<WebSocket> {
  const refused = options.refused ?? ((status: number) => new RefusedError(status));
  const handshakeTimeout = options.handshakeTimeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      handshakeTimeout,
      headers: options.headers ?? {},
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.maxPayload !== undefined ? { maxPayload: options.maxPayload } : {}),
      ...(options.perMessageDeflate !== undefined ? { perMessageDeflate: options.perMessageDeflate } : {}),
    });
    const onError = (error: NodeJS.ErrnoException) => reject(failure(error, handshakeTimeout));
    const onRefused = (_request: unknown, response: IncomingMessage) => {
      socket.off('error', onError);
      socket.on('error', () => undefined);
      response.resume();
      socket.terminate();
      reject(refused(response.statusCode ?? 0));
    };
    socket.once('error', onError);
    socket.once('unexpected-response', onRefused);
    socket.once('open', () => {
      socket.off('error', onError);
      socket.off('unexpected-response', onRefused);
      socket.on('error', () => undefined); // 'close' follows and says what matters
      resolve(socket);
    });
  });
}

/** The error a failed connection rejects with: the network's code (kept as `code` too), a distrusted certificate, or a handshake that never ended. */
function failure(error: NodeJS.ErrnoException, handshakeTimeout: number): Error {
  if (untrustedCodes.has(error.code ?? '')) return new UntrustedCertificate(error.code!);
  // ws says so in these words, with no code.
  if (error.code === undefined && /handshake has timed out/i.test(error.message)) return new HandshakeTimedOut(handshakeTimeout);
  return error.code !== undefined ? Object.assign(new Error(error.code), { code: error.code }) : new Error(error.message);
}

/** Closes with 1000 and waits for the server's close; one that does not answer within `cutAfterMs` is cut. */
export function closeWebSocket(socket: WebSocket, cutAfterMs = 500): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => (socket.terminate(), resolve()), cutAfterMs);
    cut.unref();
    socket.once('close', () => (clearTimeout(cut), resolve()));
    socket.close(1000, 'done');
  });
}
