/** What a benchmark row is: figures measured each round against an anchor measured in the same round. */
import type { Summary } from './stats.js';

export type Unit = '/s' | 'ms' | 'µs' | '% of a core' | 'MB/s' | '×' | 'nodes';

/**
 * How pinmesh's figure compares with the anchor's:
 *  - `higher`: ratio pinmesh / anchor (throughput: > 1 is better);
 *  - `lower`: ratio anchor / pinmesh (latency, cost: > 1 is better, "× faster");
 *  - `difference`: pinmesh − anchor (when the anchor is about zero);
 *  - `tracking`: ratio pinmesh / anchor, where 1 is right.
 */
export type Comparison = 'higher' | 'lower' | 'difference' | 'tracking';

export interface Compared {
  subject: Summary;
  anchor: Summary;
  /** The ratio (or difference) of each round, summarised. */
  ratio: Summary;
}

export interface Goal {
  text: string;
  met: (figures: Compared) => boolean;
}

export interface Figure {
  label: string;
  anchor: string;
  unit: Unit;
  comparison: Comparison;
  goal?: Goal;
}

/** One round's figures, in the order of Row.figures: pinmesh's and the anchor's. */
export type RoundResult = Array<{ subject: number; anchor: number }>;

export interface RoundContext {
  /** Short windows for a quick look. */
  quick: boolean;
  /** Alternates each round, so neither side always runs first. */
  subjectFirst: boolean;
  /** A progress line on stderr. */
  log: (text: string) => void;
}

export interface Row {
  id: string;
  /** What --rows selects it by (besides its id). */
  group: string;
  figures: Figure[];
  /** A reason not to run, printed in the row's place. */
  skip?: () => string | undefined;
  /** At most this many rounds (rows that take long). */
  maxRounds?: number;
  round: (context: RoundContext) => Promise<RoundResult>;
}

/** Runs the subject and the anchor in the order the round asks for. */
export async function inTurn<T>(context: RoundContext, subject: () => Promise<T>, anchor: () => Promise<T>): Promise<{ subject: T; anchor: T }> {
  if (context.subjectFirst) {
    const s = await subject();
    return { subject: s, anchor: await anchor() };
  }
  const a = await anchor();
  return { subject: await subject(), anchor: a };
}
