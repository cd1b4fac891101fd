import { UserError } from '../errors.js';

/**
 * A secret in an address given on the command line (or in a circuit file) is refused: command
 * lines land in shell history and in `ps` for every user of the machine to read, circuit files in
 * version control. The token goes in a file (--token-file) or PINMESH_TOKEN, and pinmesh sends it
 * as a header to the nodes that asked for it. The refusal never repeats the address, as that
 * would print the secret.
 */
export function assertNoSecretInUrl(url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    if (!/[?&]token=/i.test(url)) return;
    parsed = new URL('ws://x/?token=');
  }
  const hasToken = [...parsed.searchParams.keys()].some((key) => key.toLowerCase() === 'token');
  if (hasToken || parsed.password !== '') {
    const kind = hasToken ? 'a token (?token=…)' : 'a password';
    throw new UserError(
      `${what} carries ${kind}: a secret on the command line shows in ps and shell history; put the token in a file, pass --token-file FILE (make one with pinmesh token FILE), and give the address without it`,
    );
  }
}
