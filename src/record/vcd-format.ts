/**
 * The text of a Value Change Dump (IEEE 1364-2005, section 18): the header that declares one-bit
 * wires, then `#time` lines, each followed by the wires that changed then (`1!`, `0"`). Only
 * `wire 1` signals: what sigrok's VCD input (PulseView, sigrok-cli) reads; GTKWave reads them too.
 */

/** The file's resolution: one time unit is a microsecond. */
export const VCD_TIMESCALE = '1 us';

export interface VcdSignal {
  /** The wire's name as the viewers show it (`D13`, `A0`). */
  name: string;
}

export interface VcdScope {
  /** The scope's name (the board's kind: `sim`, `mock`, `uno`). */
  name: string;
  signals: readonly VcdSignal[];
}

/** Printable ASCII but `#` and `$`, which start a time and a keyword: no reader can take an identifier for one. */
const idCharacters = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== '#' && c !== '$');

/** The short identifier of the nth wire: `!`, `"`, `%`, … one character for the first 92, then two. */
export function vcdIdentifier(index: number): string {
  const base = idCharacters.length;
  let id = '';
  let rest = index;
  do {
    id += idCharacters[rest % base];
    rest = Math.floor(rest / base) - 1;
  } while (rest >= 0);
  return id;
}

/** A keyword's text: no `$end` inside (it would end the section), on one line. */
function plain(text: string): string {
  return text.replace(/\$end/g, 'end').replace(/\s+/g, ' ').trim();
}

/** A wire's name in a `$var`: one token (no blanks). */
function reference(name: string): string {
  return name.replace(/[^\x21-\x7e]/g, '_') || '_';
}

/**
 * The header up to `$enddefinitions`, then the values at time 0 in `$dumpvars`. The identifiers
 * run across scopes in order: the first scope's first signal is `!`.
 */
export function vcdHeader(options: { date: Date | null; version: string; scopes: readonly VcdScope[]; initial: readonly (0 | 1)[] }): string {
  const lines = [...(options.date ? [`$date ${options.date.toISOString()} $end`] : []), `$version ${plain(options.version)} $end`, `$timescale ${VCD_TIMESCALE} $end`];
  let index = 0;
  for (const scope of options.scopes) {
    lines.push(`$scope module ${reference(scope.name)} $end`);
    for (const signal of scope.signals) lines.push(`$var wire 1 ${vcdIdentifier(index++)} ${reference(signal.name)} $end`);
    lines.push('$upscope $end');
  }
  lines.push('$enddefinitions $end', '#0', '$dumpvars');
  for (let i = 0; i < index; i++) lines.push(`${options.initial[i] ?? 0}${vcdIdentifier(i)}`);
  lines.push('$end', '');
  return lines.join('\n');
}
