/** The path a server is mounted at, as its channels are measured from: "/" or "/nodes/buzzer" (no trailing slash). */
export function normalMount(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return '/';
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.replace(/\/+$/, '');
}

/**
 * The channel of an upgrade: its URL path below the mount, without the query string (which may
 * carry a token and is never part of the channel). `undefined` when the path is not under the mount.
 */
export function channelUnder(mount: string, url: string | undefined): string | undefined {
  const path = (url ?? '/').split('?')[0] || '/';
  if (mount === '/') return path;
  if (path === mount) return '/';
  if (path.startsWith(`${mount}/`)) return path.slice(mount.length);
  return undefined;
}
