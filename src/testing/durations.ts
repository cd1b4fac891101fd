/**
 * Durations and pins as a person writes them in a scenario: "500ms", "2s", "1.5 s", "1m" or a
 * number of milliseconds; pin 13 or "A0" (an Uno's analog pins A0–A5 are 14–19).
 */

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Milliseconds of a duration ("500ms", "2s", 250); throws a RangeError saying what is expected. */
export function durationMs(value: string | number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(value) : null;
  if (!match) throw new RangeError(`a duration is a number of ms or a text like 500ms, 2s or 1m, got ${JSON.stringify(value)}`);
  return Number(match[1]) * units[match[2] ?? 'ms']!;
}

/** A pin's number: 13, "13", or "A0"–"A5" (14–19 on an Uno). */
export function pinNumber(value: string | number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const text = String(value).trim();
  const analog = /^A([0-5])$/i.exec(text);
  if (analog) return 14 + Number(analog[1]);
  if (/^\d+$/.test(text)) return Number(text);
  throw new RangeError(`a pin is a number (13) or A0–A5, got ${JSON.stringify(value)}`);
}

/** A duration for people: "500 ms", "2 s". */
export function durationText(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${Math.round(ms * 1000) / 1000} ms`;
}
