/** One tick of a clock and the reply it got. */
export interface TickResult {
  tick: number;
  reply: string;
  ok: boolean;
}

/**
 * How many of its latest ticks a clock keeps, for its summary and the view: at about 80 bytes a
 * tick, a window of 64 is some 5 KB per clock however long it runs (`--ticks 0` ticks forever).
 */
export const RECENT_TICKS = 64;

/** What a clock (or several) did: exact counts, and only the latest ticks themselves. */
export interface ClockSummary {
  /** Ticks sent. */
  ticks: number;
  /** Ticks acknowledged (a reply that is not `error: …`). */
  acked: number;
  /** The latest ticks, oldest first: at most RECENT_TICKS per clock. */
  recent: TickResult[];
}

/** Counts a clock's ticks exactly and keeps only the latest RECENT_TICKS of them. */
export class TickTally {
  private ticks = 0;
  private acked = 0;
  private readonly recent: TickResult[] = [];

  record(result: TickResult): void {
    this.ticks++;
    if (result.ok) this.acked++;
    this.recent.push(result);
    if (this.recent.length > RECENT_TICKS) this.recent.shift();
  }

  summary(): ClockSummary {
    return { ticks: this.ticks, acked: this.acked, recent: [...this.recent] };
  }
}

/** Several clocks' summaries as one: counts added, each clock's window kept (so still bounded). */
export function combinedSummary(summaries: readonly ClockSummary[]): ClockSummary {
  return {
    ticks: summaries.reduce((sum, s) => sum + s.ticks, 0),
    acked: summaries.reduce((sum, s) => sum + s.acked, 0),
    recent: summaries.flatMap((s) => s.recent),
  };
}
