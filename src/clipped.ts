/** `text` cut to its first `max` characters, ending in …, when it is longer: what a client sent, shown without copying it whole. */
export function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
