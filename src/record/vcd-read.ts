/**
 * Reads a Value Change Dump's one-bit wires back (ours, or one GTKWave or sigrok wrote): the
 * timescale, each wire's scope and name, and every change in order. Vectors and reals are
 * skipped; `x` and `z` read as 0, as sigrok reads them.
 */
export interface VcdWire {
  id: string;
  scope: string;
  name: string;
}

export interface VcdChange {
  /** Milliseconds since time 0. */
  ms: number;
  id: string;
  value: 0 | 1;
}

export interface VcdDump {
  /** Time units in a second (`$timescale 1 us`: 1e6; `10 us`: 1e5). */
  unitsPerSecond: number;
  wires: VcdWire[];
  changes: VcdChange[];
  /** The last time the dump reaches, in ms. */
  endMs: number;
  /**
   * The file stopped in the middle of its last token (a run that ended abruptly, a copy cut short):
   * that token was left out, and everything before it read.
   */
  cutOff: boolean;
}

const perSecond: Record<string, number> = { s: 1, ms: 1e3, us: 1e6, ns: 1e9, ps: 1e12, fs: 1e15 };

/** Parses `text`; throws an Error saying what it cannot read. */
export function readVcd(text: string): VcdDump {
  const tokens = text.split(/\s+/).filter((token) => token.length > 0);
  // A file ends with a newline: one that does not may end in a cut token (#96 of #9691729), read as if it were not there.
  const lastMayBeCut = text.length > 0 && !/\s$/.test(text);
  let cutOff = false;
  const wires: VcdWire[] = [];
  const ids = new Set<string>();
  const changes: VcdChange[] = [];
  const scopes: string[] = [];
  let unitsPerSecond = 1e9;
  let now = 0;
  let sawDefinitions = false;
  const until = (i: number) => {
    let j = i;
    while (j < tokens.length && tokens[j] !== '$end') j++;
    return j;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '$timescale') {
      const end = until(i);
      const spec = tokens.slice(i + 1, end).join('');
      const match = /^(1|10|100)(s|ms|us|ns|ps|fs)$/.exec(spec);
      if (!match) throw new Error(`the VCD's $timescale "${spec}" is not one of 1, 10, 100 s…fs`);
      unitsPerSecond = perSecond[match[2]!]! / Number(match[1]);
      i = end;
    } else if (token === '$scope') {
      scopes.push(tokens[i + 2] ?? '');
      i = until(i);
    } else if (token === '$upscope') {
      scopes.pop();
      i = until(i);
    } else if (token === '$var') {
      const end = until(i);
      const [, size, id, name] = tokens.slice(i + 1, end);
      if (size === '1' && id !== undefined && name !== undefined) {
        wires.push({ id, scope: scopes.join('.'), name });
        ids.add(id);
      }
      i = end;
    } else if (token === '$enddefinitions') {
      sawDefinitions = true;
      i = until(i);
    } else if (token === '$dumpvars' || token === '$dumpall' || token === '$dumpon' || token === '$dumpoff' || token === '$end') {
      continue;
    } else if (token.startsWith('$')) {
      i = until(i); // $date, $version, $comment…
    } else if (token.startsWith('#')) {
      const time = Number(token.slice(1));
      if (!Number.isFinite(time) || time < now) {
        if (lastMayBeCut && i === tokens.length - 1) {
          cutOff = true;
          break;
        }
        throw new Error(`the VCD's time ${token} is not a time after #${now}`);
      }
      now = time;
    } else if (/^[01xXzZ]/.test(token) && token.length > 1) {
      const id = token.slice(1);
      if (ids.has(id)) changes.push({ ms: (now * 1000) / unitsPerSecond, id, value: token[0] === '1' ? 1 : 0 });
      else if (lastMayBeCut && i === tokens.length - 1) cutOff = true;
    } else if (/^[br]/i.test(token)) {
      i++; // A vector or a real and its identifier: not a one-bit wire.
    }
  }
  if (!sawDefinitions) throw new Error('this is not a Value Change Dump: it has no $enddefinitions');
  return { unitsPerSecond, wires, changes, endMs: (now * 1000) / unitsPerSecond, cutOff };
}
