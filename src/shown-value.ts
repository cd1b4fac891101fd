/**
 * A value as a message quotes what it was given: a string in quotes (`got "high"`), a list or an
 * object by its kind, anything else as it prints (`got -5`, `got true`).
 */
export function shownValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
