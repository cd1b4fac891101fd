/**
 * `build()`'s value, built the first time it is asked for and the same value after that: for what a
 * module would otherwise build at import, at every start of every command, whether it is used or not.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
