/**
 * zod's "Invalid input: expected string, received number", in words a person fixing a file reads
 * at once: `expected a text (in quotes), got 5`, with the value they wrote. Only wrong types are
 * said anew; every other issue keeps zod's English (src/zod.ts), and a schema's own message wins.
 */
import { clipped } from './clipped.js';
import { shownValue } from './shown-value.js';

const WANTED: Readonly<Record<string, string>> = {
  string: 'a text (in quotes)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a { name: value, … } object',
  array: 'a list',
};

/** The shorter words for a wrong type (zod's `customError`); undefined leaves the issue to zod's English. */
export function typeWords(issue: { code?: string; expected?: string; input?: unknown }): string | undefined {
  if (issue.code !== 'invalid_type' || issue.expected === undefined) return undefined;
  const wanted = WANTED[issue.expected];
  if (wanted === undefined) return undefined;
  if (issue.input === undefined) return `missing: expected ${wanted}`;
  return `expected ${wanted}, got ${clipped(shownValue(issue.input), 40)}`;
}
