import { didYouMean } from './did-you-mean.js';

/**
 * Refuses an option of `options` that is none of `known`, which a JavaScript caller's typo would
 * otherwise have ignored without a word: `Servo takes the options range and invert, not "min"`,
 * with the one a misspelt name was likely meant to be.
 */
export function refuseUnknownOptions(what: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null) return;
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown === undefined) return;
  const takes = known.length === 0 ? 'takes no options' : `takes the option${known.length > 1 ? 's' : ''} ${listedNames(known)}`;
  throw new TypeError(`${what} ${takes}, not "${unknown}"${didYouMean(unknown, known)}`);
}

function listedNames(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}
