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

export async function signIn(request: SignInRequest): Promise<{ ok: boolean; message: string }> {
  const response = await fetch('/session', { method: 'POST', headers: json, body: JSON.stringify(request), credentials: 'same-origin' });
  return { ok: response.ok, message: response.ok ? 'signed in' : (await response.text()).trim() };
}

export async function sessionStatus(): Promise<SessionStatus> {
  const response = await fetch('/session', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the view refused: ${(await response.text()).trim()}`);
  return (await response.json()) as SessionStatus;
}
