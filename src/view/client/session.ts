import type { SessionStatus, SignInRequest } from '../shared/feed-protocol.js';

const json = { 'Content-Type': 'application/json' };

/**
 * Signing in, when the circuit has a token: the printed link carries a one-time key in the URL's
 * fragment (never sent to a server by the browser); the page trades it for a session cookie at
 * once and removes it from the address bar and the history.
 */
export async function signInFromLink(): Promise<string | undefined> {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (key === null) return undefined;
  history.replaceState(null, '', location.pathname + location.search);
  const reply = await signIn({ key });
  return reply.ok ? undefined : reply.message;
}

/** Where the page keeps its session's control key: this origin's own storage, which pages on other ports cannot read. */
const controlKeyItem = 'pinmesh-control-key';

/** The header that carries the control key, for `/control` and `GET /session`. */
export function controlHeaders(): Record<string, string> {
  const key = localStorage.getItem(controlKeyItem);
  return key === null ? {} : { 'X-Pinmesh-Control': key };
}

export async function signIn(request: SignInRequest): Promise<{ ok: boolean; message: string }> {
  const response = await fetch('/session', { method: 'POST', headers: json, body: JSON.stringify(request), credentials: 'same-origin' });
  if (!response.ok) return { ok: false, message: (await response.text()).trim() };
  const { controlKey } = (await response.json()) as SessionStatus;
  if (controlKey !== undefined) localStorage.setItem(controlKeyItem, controlKey);
  return { ok: true, message: 'signed in' };
}

export async function sessionStatus(): Promise<SessionStatus> {
  const response = await fetch('/session', { headers: controlHeaders(), credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the view refused: ${(await response.text()).trim()}`);
  return (await response.json()) as SessionStatus;
}
