/**
 * A URL fit to print: the `token` query parameter and any password are replaced, so a secret a
 * client put in its URL never reaches a log line or an event.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
  }
  if (parsed.password) parsed.password = 'redacted';
  if (parsed.searchParams.has('token')) parsed.searchParams.set('token', '[redacted]');
  return parsed.toString().replace('%5Bredacted%5D', '[redacted]');
}
