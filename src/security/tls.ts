import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';

/** What a node needs to serve wss:// (PEM text). */
export interface ServerTls {
  cert: string;
  key: string;
}

/** What a client needs to trust a node's certificate that no public CA signed (PEM text). */
export interface ClientTls {
  ca?: string;
}

export interface TlsFiles {
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
}

/** `--tls-cert` and `--tls-key` together, or neither; each file read and checked to hold PEM. */
export async function readServerTls({ tlsCert, tlsKey }: TlsFiles): Promise<ServerTls | undefined> {
  if (tlsCert === undefined && tlsKey === undefined) return undefined;
  if (tlsCert === undefined || tlsKey === undefined) {
    throw new UserError(`--tls-cert and --tls-key go together: pass both (${tlsCert === undefined ? '--tls-cert is missing' : '--tls-key is missing'})`);
  }
  return { cert: await readPem(tlsCert, '--tls-cert', 'CERTIFICATE'), key: await readPem(tlsKey, '--tls-key', 'PRIVATE KEY') };
}

export async function readClientTls({ tlsCa }: TlsFiles): Promise<ClientTls> {
  return tlsCa === undefined ? {} : { ca: await readPem(tlsCa, '--tls-ca', 'CERTIFICATE') };
}

/** A PEM file, read and checked to hold a `kind` block; `flag` names it in the advice. */
export async function readPem(path: string, flag: string, kind: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${flag} file ${path} does not exist` : `cannot read ${flag} file ${path}: ${code ?? String(error)}`);
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text)) {
    throw new UserError(`${flag} file ${path} holds no PEM ${kind.toLowerCase()}: expected a "-----BEGIN ${kind}-----" block (see docs/security.md)`);
  }
  return text;
}
