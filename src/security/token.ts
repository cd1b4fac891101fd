import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { UserError } from '../errors.js';
import { weakTokenReason } from './token-strength.js';

/**
 * The shared secret of a mesh. Read from a file (`--token-file`) or the environment
 * (`PINMESH_TOKEN`), never from a flag value that lands in shell history or `ps`. Only a SHA-256
 * digest of it is compared; the text itself is handed out only to send it (`bearer()`), and it
 * prints as "[token]" so it cannot slip into a log line.
 */
export class Token {
  readonly #secret: string;
  readonly #digest: Buffer;

  constructor(secret: string) {
    const trimmed = secret.trim();
    if (/[\s\x00-\x1f\x7f]/.test(trimmed)) throw new UserError('the token must not contain spaces or control characters: make one with pinmesh token FILE (or openssl rand -hex 32)');
    const weak = weakTokenReason(trimmed);
    if (weak !== undefined) throw new UserError(weak);
    this.#secret = trimmed;
    this.#digest = digest(trimmed);
  }

  /** Constant-time: compares fixed-size digests, so neither length nor content leaks through timing. */
  matches(presented: string | undefined): boolean {
    if (presented === undefined) return false;
    return timingSafeEqual(this.#digest, digest(presented));
  }

  /** The `Authorization` header value a client sends. */
  bearer(): string {
    return `Bearer ${this.#secret}`;
  }

  toString(): string {
    return '[token]';
  }

  toJSON(): string {
    return '[token]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Token [token]';
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export interface TokenSource {
  /** `--token-file PATH`. */
  tokenFile?: string;
  /** The environment to read `PINMESH_TOKEN` from. */
  env?: NodeJS.ProcessEnv;
}

/** The token from `--token-file` or, failing that, `PINMESH_TOKEN`; `undefined` when neither is set. */
export async function readToken({ tokenFile, env = process.env }: TokenSource): Promise<Token | undefined> {
  if (tokenFile !== undefined) {
    let text: string;
    try {
      text = await readFile(tokenFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(code === 'ENOENT' ? `token file ${tokenFile} does not exist: create it with pinmesh token ${tokenFile}` : `cannot read token file ${tokenFile}: ${code ?? String(error)}`);
    }
    if (text.trim() === '') throw new UserError(`token file ${tokenFile} is empty: put a secret in it (remove it, then pinmesh token ${tokenFile})`);
    return new Token(text);
  }
  const fromEnv = env.PINMESH_TOKEN;
  if (fromEnv === undefined || fromEnv.trim() === '') return undefined;
  try {
    return new Token(fromEnv);
  } catch (error) {
    // Set in a shell's profile, it is easily forgotten: the refusal says where the token came from.
    if (error instanceof UserError) throw new UserError(error.message.replace(/^the token /, 'the token in PINMESH_TOKEN '));
    throw error;
  }
}

/**
 * The token a client presented: `Authorization: Bearer …`, or for clients that cannot set headers
 * (a browser's WebSocket) the `token` query parameter. `undefined` when it presented none.
 */
export function presentedToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : '';
  }
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get('token') ?? undefined;
}
