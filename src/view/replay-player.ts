import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RecordedEvent, RecordedRun } from '../record/recorded-run.js';
import type { ReplayStatus } from './shared/view-state.js';
import type { ViewControls } from './view-controls.js';
import type { ViewFeed } from './view-feed.js';

/** Speeds the person can choose, slowest first. */
const speeds = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8, 16, 32, 64];

/** The longest wait between two looks at the recording while playing (a long silence still moves on). */
const MAX_WAIT_MS = 500;
/** While playing, the page's count of events played is brought up to date at most this often. */
const SAY_EVERY_MS = 250;

/**
 * Plays a recording into the live view's feed as if it were happening, with the controls of a
 * player: play, pause, step (the next event), slower, faster, and seek (the page's scrubber). Going
 * back starts the view's state over from the recording's beginning (ViewFeed.restart).
 */
export class ReplayPlayer {
  private readonly events: readonly RecordedEvent[];
  /** The next event to play. */
  private next = 0;
  /** Where the recording is (ms), as of `anchor` (the wall's ms) when playing. */
  private atMs = 0;
  private anchor = 0;
  private playing = false;
  private speedIndex = speeds.indexOf(1);
  private timer: NodeJS.Timeout | undefined;
  /** When the page was last told where the replay is (performance.now()). */
  private saidAt = -Infinity;

  constructor(
    private readonly run: RecordedRun,
    private readonly feed: ViewFeed,
    private readonly controls: ViewControls,
  ) {
    this.events = run.events;
    controls.add('play', { label: 'play', run: () => (this.play(), 'playing') });
    controls.add('pause', { label: 'pause', run: () => (this.pause(), 'paused') });
    controls.add('step', { label: 'step: the next event', run: () => this.step() });
    controls.add('slower', { label: 'slower', run: () => this.changeSpeed(-1) });
    controls.add('faster', { label: 'faster', run: () => this.changeSpeed(1) });
    controls.add('seek', {
      label: 'go to',
      run: ({ at }) => {
        if (at === undefined) throw new Error('seek needs "at": milliseconds into the recording');
        this.seek(at);
        return `at ${(this.atMs / 1000).toFixed(3)} s`;
      },
    });
    this.say();
  }

  /** Where the recording is now (ms). */
  get position(): number {
    if (!this.playing) return this.atMs;
    return Math.min(this.run.durationMs, this.atMs + (performance.now() - this.anchor) * this.speed);
  }

  get speed(): number {
    return speeds[this.speedIndex]!;
  }

  play(): void {
    if (this.playing) return;
    if (this.next >= this.events.length && this.atMs >= this.run.durationMs) this.seek(0);
    this.anchor = performance.now();
    this.playing = true;
    this.say();
    this.advance();
  }

  pause(): void {
    if (!this.playing) return;
    this.atMs = this.position;
    this.playing = false;
    this.clearTimer();
    this.say();
  }

  /** Pauses, and plays the next event alone. */
  step(): string {
    this.pause();
    const recorded = this.events[this.next];
    if (!recorded) return 'the recording is over';
    this.feed.write(recorded.event);
    this.next++;
    this.atMs = Math.max(this.atMs, recorded.ms);
    this.say();
    return `${recorded.event.node}: ${recorded.event.event} at ${(recorded.ms / 1000).toFixed(3)} s`;
  }

  /** Goes to `ms` into the recording: the view shows what had happened before then (at the end: everything). */
  seek(ms: number): void {
    const target = Math.max(0, Math.min(this.run.durationMs, ms));
    const end = target >= this.run.durationMs;
    let next = 0;
    while (next < this.events.length && (end || this.events[next]!.ms < target)) next++;
    const now = performance.now();
    // Seen as long ago as they happened before the target, at this speed: the timeline draws them so.
    this.feed.restart(this.events.slice(0, next).map(({ event, ms: at }) => ({ event, t: now - (target - at) / this.speed })));
    this.next = next;
    this.atMs = target;
    this.anchor = now;
    this.say();
    if (this.playing) this.advance();
  }

  close(): void {
    this.playing = false;
    this.clearTimer();
  }

  private changeSpeed(by: number): string {
    const at = this.position;
    this.speedIndex = Math.max(0, Math.min(speeds.length - 1, this.speedIndex + by));
    this.atMs = at;
    this.anchor = performance.now();
    this.say();
    return `speed ×${this.speed}`;
  }

  /** Plays every event due by now, then waits for the next one (or the end). */
  private advance(): void {
    this.clearTimer();
    if (!this.playing) return;
    const now = this.position;
    const before = this.next;
    while (this.next < this.events.length && this.events[this.next]!.ms <= now) this.feed.write(this.events[this.next++]!.event);
    if (this.next >= this.events.length && now >= this.run.durationMs) {
      this.atMs = this.run.durationMs;
      this.playing = false;
      this.say();
      return;
    }
    if (this.next !== before && performance.now() - this.saidAt >= SAY_EVERY_MS) this.say();
    const due = this.next < this.events.length ? this.events[this.next]!.ms : this.run.durationMs;
    this.timer = setTimeout(() => this.advance(), Math.min(MAX_WAIT_MS, Math.max(0, (due - now) / this.speed)));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private say(): void {
    const status: ReplayStatus = {
      playing: this.playing,
      atMs: this.position,
      durationMs: this.run.durationMs,
      speed: this.speed,
      played: this.next,
      count: this.events.length,
      file: basename(this.run.file),
      since: performance.now(),
    };
    this.saidAt = status.since;
    this.controls.set({ replay: status });
  }
}
