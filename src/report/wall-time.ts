let lastMs = Number.NaN;
let lastIso = '';

/**
 * The wall-clock time as ISO 8601 (`new Date().toISOString()`), formatted once per millisecond:
 * a node reporting thousands of events a second stamps most of them with the string it already has.
 */
export function isoTimeNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}
