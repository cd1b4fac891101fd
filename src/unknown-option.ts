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
  const meant = didYouMean(unknown, known);
  // A long list is not read: the likely one is said, or where the options are written down.
  if (known.length > 4) throw new TypeError(`${what} has no option "${unknown}"${meant || ` (its options: ${known.join(', ')})`}`);
  const takes = known.length === 0 ? 'takes no options' : `takes the option${known.length > 1 ? 's' : ''} ${listedNames(known)}`;
  throw new TypeError(`${what} ${takes}, not "${unknown}"${meant}`);
}

/**
 * Every key of `T`, as a list a call checks its options against: the compiler refuses a list that
 * misses one (`missing: "basePort"`) or names one `T` does not have, so it never drifts from the type.
 */
export function everyKeyOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })): readonly string[] => keys;
}

function listedNames(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}
