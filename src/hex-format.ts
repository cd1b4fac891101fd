/** "0x0f": a byte as messages show it. */
export function hex8(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}

/** "0x7e00": a flash address as messages show it. */
export function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}
