/**
 * The text of a Value Change Dump (IEEE 1364-2005, section 18): the header that declares one-bit
 * wires (and `real` variables), then `#time` lines, each followed by the variables that changed
 * then (`1!`, `0"`, `r512 5`). The pins are `wire 1` signals: what sigrok's VCD input (PulseView,
 * sigrok-cli) reads as logic channels; GTKWave reads them too. A `real` (an analog input's reading)
 * is what GTKWave draws as a value or an analog trace; sigrok 0.7.2 skips it and still reads every
 * wire, where a vector (`wire 10`, `b1000000000 %`) would end its reading at the vector's first value.
 */

/** The file's resolution: one time unit is a microsecond. */
export const VCD_TIMESCALE = '1 us';

export interface VcdSignal {
  /** The wire's name as the viewers show it (`D13`, `A0`). */
  name: string;
  /** `wire` (the default): one bit, 0 or 1; `real`: a number (an analog input's reading). */
  type?: 'wire' | 'real';
}

export interface VcdScope {
  /** The scope's name (the board's kind: `sim`, `mock`, `uno`). */
  name: string;
  signals: readonly VcdSignal[];
  /** Scopes inside it, after its own signals (the board's `analog` readings). */
  scopes?: readonly VcdScope[];
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

/** A value change's text: `1!` for a wire, `r512 5` for a real. */
export function vcdValue(type: VcdSignal['type'], value: number, id: string): string {
  return type === 'real' ? `r${value} ${id}` : `${value === 0 ? 0 : 1}${id}`;
}

/**
 * The header up to `$enddefinitions`, then the values at time 0 in `$dumpvars`. The identifiers
 * run across scopes in order, a scope's own signals before its inner scopes': the first scope's
 * first signal is `!`.
 */
export function vcdHeader(options: { date: Date | null; version: string; scopes: readonly VcdScope[]; initial: readonly number[] }): string {
  const lines = [...(options.date ? [`$date ${options.date.toISOString()} $end`] : []), `$version ${plain(options.version)} $end`, `$timescale ${VCD_TIMESCALE} $end`];
  const types: VcdSignal['type'][] = [];
  const declare = (scope: VcdScope) => {
    lines.push(`$scope module ${reference(scope.name)} $end`);
    for (const signal of scope.signals) {
      lines.push(`$var ${signal.type === 'real' ? 'real 64' : 'wire 1'} ${vcdIdentifier(types.length)} ${reference(signal.name)} $end`);
      types.push(signal.type);
    }
    for (const inner of scope.scopes ?? []) declare(inner);
    lines.push('$upscope $end');
  };
  for (const scope of options.scopes) declare(scope);
  lines.push('$enddefinitions $end', '#0', '$dumpvars');
  types.forEach((type, i) => lines.push(vcdValue(type, options.initial[i] ?? 0, vcdIdentifier(i))));
  lines.push('$end', '');
  return lines.join('\n');
}
