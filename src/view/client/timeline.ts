import type { Trace, ViewState } from '../shared/view-state.js';
import { byId } from './dom.js';

const windowMs = 10_000;
/** The strip's height as the page draws it, and the least a channel's lane takes. */
const STRIP_HEIGHT = 120;
const MIN_LANE = 24;

/** Pins before piezos, each by pin number (pin 3 before pin 13). */
function byKindThenPin(a: string, b: string): number {
  const [kindA = '', pinA = ''] = a.split(':');
  const [kindB = '', pinB = ''] = b.split(':');
  return kindA === kindB ? Number(pinA) - Number(pinB) : kindA === 'pin' ? -1 : 1;
}

/**
 * The timeline: each pin and piezo as a logic-analyzer trace over the last seconds (high/low,
 * the piezo's frequency written on its pulses), and a histogram of the clock's tick → ack latency.
 */
export class Timeline {
  private readonly strip = byId<HTMLCanvasElement>('strip');
  private readonly histogram = byId<HTMLCanvasElement>('histogram');
  private readonly summary = byId('latency-summary');
  private drawnLatencies = -1;
  private drawnSettled = -1;
  /** The traces the strip last drew (the array, its length, its latest), and whether one was then scrolling. */
  private drawn: { traces: Trace[]; length: number; latest: Trace | undefined; scrolling: boolean } | undefined;

  /** `redraw`: asks the page for a frame, in which `frame()` draws both canvases again. */
  constructor(redraw: () => void) {
    byId('window-seconds').textContent = String(windowMs / 1000);
    // The text colour follows the system's light or dark scheme: both canvases are drawn again in it.
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      this.textColour = undefined;
      this.drawn = undefined;
      this.drawnSettled = -1;
      redraw();
    });
  }

  /**
   * The page's text colour, for the canvases' labels: read once, not at each draw. Reading a
   * computed style makes the browser bring the page's styles up to date first, each frame.
   */
  private ink(): string {
    this.textColour ??= getComputedStyle(document.body).color;
    return this.textColour;
  }

  private textColour: string | undefined;

  /**
   * Draws what changed. `serverNow`: the server's clock now (its `t`), as the page estimates it.
   * True while the strip scrolls: the page needs another frame.
   */
  frame(state: ViewState, serverNow: number): boolean {
    if (this.stripChanges(state.traces, serverNow)) this.drawStrip(state.traces, serverNow);
    // Drawn again when a tick was answered: once the list is full (its last 500), its length stays.
    if (state.settled !== this.drawnSettled || state.latencies.length !== this.drawnLatencies) {
      this.drawHistogram(state.latencies);
      this.drawnSettled = state.settled;
      this.drawnLatencies = state.latencies.length;
    }
    // Scrolling: a change is still inside the window, or just left it and is drawn once more.
    return this.drawn?.scrolling === true;
  }

  /**
   * Whether the strip would look different now than when it was last drawn: new changes came, or
   * one is still inside the window, scrolling left. Once the latest has left it (the clock paused,
   * a slow delay), every line is flat at its level and the strip stands still: drawing it again each
   * frame would repaint the same pixels (about 12 % of a core in headless chromium, measured).
   */
  private stripChanges(traces: Trace[], now: number): boolean {
    const latest = traces[traces.length - 1];
    // Traces come in time order, so the latest says whether any is still in the window.
    const scrolling = latest !== undefined && latest.t > now - windowMs;
    const drawn = this.drawn;
    const same = drawn !== undefined && drawn.traces === traces && drawn.length === traces.length && drawn.latest === latest;
    // One more after the last scroll: the change that just left is drawn at the window's edge.
    if (same && !scrolling && !drawn.scrolling) return false;
    this.drawn = { traces, length: traces.length, latest, scrolling };
    return true;
  }

  private drawStrip(traces: Trace[], now: number): void {
    const canvas = this.strip;
    const g = canvas.getContext('2d');
    if (!g) return;
    const channels = [...new Set(traces.map((trace) => `${trace.kind}:${trace.pin}`))].sort(byKindThenPin);
    // Every channel gets a lane: a recording of many pins makes the strip taller, never cuts one off.
    const height = Math.max(STRIP_HEIGHT, channels.length * MIN_LANE + 12);
    if (canvas.height !== height) canvas.height = height;
    const lane = Math.max(MIN_LANE, Math.floor(canvas.height / Math.max(1, channels.length)));
    const ink = this.ink();
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.font = '11px system-ui, sans-serif';
    const left = 70;
    const x = (t: number) => left + ((t - (now - windowMs)) / windowMs) * (canvas.width - left - 4);
    channels.forEach((channel, index) => {
      const [kind, pin] = channel.split(':');
      const top = index * lane + 6;
      const high = top + 2;
      const low = top + lane - 10;
      g.fillStyle = ink;
      g.fillText(kind === 'pin' ? `pin ${pin}` : `piezo ${pin}`, 4, top + lane / 2);
      g.strokeStyle = kind === 'pin' ? '#d32f2f' : '#0a6ebd';
      g.lineWidth = 1.5;
      g.beginPath();
      let level = 0;
      let started = false;
      let labelEnd = -Infinity;
      for (const trace of traces) {
        if (`${trace.kind}:${trace.pin}` !== channel) continue;
        const at = Math.max(left, x(trace.t));
        if (!started) {
          g.moveTo(left, trace.t < now - windowMs ? (trace.level ? high : low) : low);
          started = true;
        }
        g.lineTo(at, level ? high : low);
        g.lineTo(at, trace.level ? high : low);
        if (trace.kind === 'buzz' && trace.level && trace.frequency && at > left && at > labelEnd) {
          const label = `${Math.round(trace.frequency)} Hz`;
          g.fillText(label, at + 2, high + 9);
          labelEnd = at + 6 + g.measureText(label).width;
        }
        level = trace.level;
      }
      if (!started) g.moveTo(left, low);
      g.lineTo(x(now), level ? high : low);
      g.stroke();
    });
  }

  private drawHistogram(latencies: number[]): void {
    const canvas = this.histogram;
    const g = canvas.getContext('2d');
    if (!g) return;
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (latencies.length === 0) {
      this.summary.textContent = 'no tick acknowledged yet';
      return;
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)]!;
    const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
    this.summary.textContent = `${latencies.length} ticks · p50 ${p50.toFixed(1)} ms · p99 ${p99.toFixed(1)} ms`;
    const max = sorted[sorted.length - 1]! || 1;
    const bins = 30;
    const counts = new Array<number>(bins).fill(0);
    for (const latency of latencies) counts[Math.min(bins - 1, Math.floor((latency / max) * bins))]! += 1;
    const tallest = Math.max(...counts);
    const width = (canvas.width - 10) / bins;
    g.fillStyle = '#0a6ebd';
    counts.forEach((count, index) => {
      const height = (count / tallest) * (canvas.height - 22);
      g.fillRect(5 + index * width, canvas.height - 16 - height, width - 2, height);
    });
    g.fillStyle = this.ink();
    g.font = '11px system-ui, sans-serif';
    g.fillText('0 ms', 5, canvas.height - 3);
    const label = `${max.toFixed(1)} ms`;
    g.fillText(label, canvas.width - 5 - g.measureText(label).width, canvas.height - 3);
  }
}
