import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `pinmesh sim --serial` puts the port by default: the user's runtime directory (or the temp
 * directory), named after the board simulated (`pinmesh-uno`, `pinmesh-mega`).
 */
export function defaultLinkPath(env: NodeJS.ProcessEnv = process.env, board = 'uno'): string {
  return join(env.XDG_RUNTIME_DIR || tmpdir(), `pinmesh-${board}`);
}
