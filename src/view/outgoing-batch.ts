import type { NodeEvent } from '../report/event-types.js';

/** What one send carries to the pages: the events in order, when the view saw each, and how many were left out. */
export interface Batch {
  events: NodeEvent[];
  times: number[];
  /** Events of this window not sent (0: every event is there). */
  skipped: number;
}

/**
 * The events of one send window on their way to the pages, within a budget.
 *
 * While the window holds at most `budget` events, every one of them goes, in order: a circuit
 * ticking at a person's pace is shown event by event. Past it, the window keeps only the latest
 * event of each kind: per node, per event name and per pin / target / peer, in the order of those
 * latest ones, so a page that folds them ends on the same LED level, the same tone, the same board
 * state and the same last tick as the circuit. The rest is counted (`skipped`); the counters it
 * would have moved travel with the batch (`Thinned`). A circuit ticking flat out thus costs the
 * view a bounded number of events a window, whatever its rate.
 */
export class OutgoingBatch {
  private events: Array<NodeEvent | undefined> = [];
  private times: number[] = [];
  /** Thinning: each kind's latest event, as an index into `events`; undefined while within the budget. */
  private latest: LatestOfKind | undefined;
  private skipped = 0;

  constructor(private readonly budget: number) {}

  add(event: NodeEvent, t: number): void {
    if (this.latest === undefined) {
      if (this.events.length < this.budget) {
        this.push(event, t);
        return;
      }
      this.startThinning();
    }
    const latest = this.latest!;
    const earlier = latest.swap(event, this.push(event, t));
    if (earlier !== undefined) {
      this.events[earlier] = undefined;
      this.skipped++;
    }
    // Left-out events leave holes; closing them once they are half the list keeps it bounded by the kinds.
    if (this.skipped > 0 && this.events.length > 2 * latest.size + this.budget) this.compact();
  }

  /** The window's batch (undefined when empty), and a new window. */
  take(): Batch | undefined {
    if (this.events.length === 0) return undefined;
    if (this.latest !== undefined) this.compact();
    const batch: Batch = { events: this.events as NodeEvent[], times: this.times, skipped: this.skipped };
    this.events = [];
    this.times = [];
    this.latest = undefined;
    this.skipped = 0;
    return batch;
  }

  private push(event: NodeEvent, t: number): number {
    this.times.push(t);
    return this.events.push(event) - 1;
  }

  /** From now on, each kind keeps its latest event only: the events so far are thinned the same way. */
  private startThinning(): void {
    const events = this.events;
    const times = this.times;
    this.events = [];
    this.times = [];
    this.latest = new LatestOfKind();
    for (let i = 0; i < events.length; i++) this.add(events[i]!, times[i]!);
  }

  private compact(): void {
    const events: NodeEvent[] = [];
    const times: number[] = [];
    const latest = new LatestOfKind();
    for (let i = 0; i < this.events.length; i++) {
      const event = this.events[i];
      if (event === undefined) continue;
      latest.swap(event, events.push(event) - 1);
      times.push(this.times[i]!);
    }
    this.events = events;
    this.times = times;
    this.latest = latest;
  }
}

/**
 * Where each kind's latest event is. A kind is an event's node, its name, and the pin, target or
 * peer it is about; looked up level by level (the names are the reporter's own strings, their
 * hashes cached), so no key is built per event.
 */
class LatestOfKind {
  private readonly byNode = new Map<string, Map<string, Map<unknown, number>>>();
  size = 0;

  /** Records `index` as its kind's latest; the index it replaces, if any. */
  swap(event: NodeEvent, index: number): number | undefined {
    let byName = this.byNode.get(event.node);
    if (!byName) this.byNode.set(event.node, (byName = new Map()));
    let byAbout = byName.get(event.event);
    if (!byAbout) byName.set(event.event, (byAbout = new Map()));
    const about = 'pin' in event ? event.pin : 'target' in event ? event.target : 'peer' in event ? event.peer : undefined;
    const earlier = byAbout.get(about);
    byAbout.set(about, index);
    if (earlier === undefined) this.size++;
    return earlier;
  }
}
