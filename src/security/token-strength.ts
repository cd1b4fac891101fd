/** A token must carry at least this many bits: 2^128 guesses are out of reach at any rate a node answers. */
export const minTokenBits = 128;

/**
 * Alphabets a random token is drawn from, smallest first: a token's characters are taken to come
 * from the smallest that holds them all (`openssl rand -hex 16` from hex, `-base64` and
 * `pinmesh token` from base64, anything else from printable ASCII or beyond).
 */
const alphabets: Array<{ size: number; holds: RegExp }> = [
  { size: 10, holds: /^[0-9]+$/ },
  { size: 16, holds: /^[0-9a-f]+$/ },
  { size: 16, holds: /^[0-9A-F]+$/ },
  { size: 26, holds: /^[a-z]+$/ },
  { size: 36, holds: /^[0-9a-z]+$/ },
  { size: 64, holds: /^[0-9A-Za-z+/=_-]+$/ },
  { size: 95, holds: /^[\x20-\x7e]+$/ },
];

/**
 * The bits a token carries if it was drawn at random: its length times the bits of a character of
 * the smallest alphabet that holds it. Text cannot prove it was random; what this refuses is text
 * that cannot be: too short for its alphabet, or with few distinct characters, or one character
 * making up more than a third of it (`aaaaaaaaaaaaaaaa`, `abababab…`), which a 128-bit random
 * token practically never is. The way to be sure is `pinmesh token FILE`.
 */
export function tokenBits(token: string): number {
  const characters = [...token];
  if (characters.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  const commonest = Math.max(...counts.values());
  if (counts.size < 8 || commonest * 3 > characters.length) return Math.log2(counts.size) * counts.size;
  const alphabet = alphabets.find(({ holds }) => holds.test(token))?.size ?? 256;
  return characters.length * Math.log2(alphabet);
}

/** Why `token` is too weak, or undefined when it carries `minTokenBits`. */
export function weakTokenReason(token: string): string | undefined {
  const bits = tokenBits(token);
  if (bits >= minTokenBits) return undefined;
  return `the token is guessable (about ${Math.floor(bits)} bits; at least ${minTokenBits} are needed): make one with pinmesh token FILE (or openssl rand -hex 32)`;
}
