import type { ReplayStatus } from '../shared/view-state.js';
import { sendControl } from './control-request.js';
import { byId } from './dom.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/**
 * A replay's scrubber (`pinmesh replay FILE --view`): where the recording is, moving on while it
 * plays; dragging it and letting go seeks there. Hidden in a live view.
 */
export class ReplayPanel {
  private readonly box = byId('replay');
  private readonly scrubber = byId<HTMLInputElement>('scrubber');
  private readonly where = byId('replay-position');
  private status: ReplayStatus | undefined;
  private dragging = false;

  constructor(private readonly say: (text: string, ok: boolean) => void) {
    this.scrubber.addEventListener('input', () => {
      this.dragging = true;
      this.where.textContent = this.text(Number(this.scrubber.value));
    });
    this.scrubber.addEventListener('change', () => {
      this.dragging = false;
      void sendControl({ action: 'seek', at: Number(this.scrubber.value) }).then((reply) => this.say(reply.message, reply.ok));
    });
  }

  render(status: ReplayStatus | undefined): void {
    const wasPlaying = this.status?.playing === true;
    this.status = status;
    if (status && wasPlaying && !status.playing && status.atMs >= status.durationMs) this.say('the recording is over: play starts it again', true);
    this.box.hidden = status === undefined;
    if (!status) return;
    this.scrubber.max = String(Math.ceil(status.durationMs));
    this.box.dataset.playing = String(status.playing);
  }

  /**
   * Moves the scrubber to where the recording is at `serverNow` (the server's clock, ms). True while
   * it plays short of its end: the scrubber moves on, and the page needs another frame.
   */
  frame(serverNow: number): boolean {
    const status = this.status;
    if (!status || this.dragging) return false;
    const at = status.playing ? Math.min(status.durationMs, status.atMs + Math.max(0, serverNow - status.since) * status.speed) : status.atMs;
    // Set only when they change: setting the same text each frame would still lay the page out again.
    const value = String(Math.round(at));
    if (this.scrubber.value !== value) this.scrubber.value = value;
    const where = this.text(at);
    if (this.where.textContent !== where) this.where.textContent = where;
    return status.playing && at < status.durationMs;
  }

  private text(at: number): string {
    const status = this.status!;
    const state = status.playing ? '' : status.atMs >= status.durationMs ? ' · ended' : ' · paused';
    return `${seconds(at)} of ${seconds(status.durationMs)} · ×${status.speed} · ${status.played} of ${status.count} events${state}`;
  }
}
