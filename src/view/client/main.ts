/**
 * The live view's page: signs in when the circuit has a token, then reads the feed (a snapshot,
 * then the events) and draws the board, the mesh and the timeline from the same state the server
 * keeps (../shared/view-state.ts).
 */
import type { FeedMessage } from '../shared/feed-protocol.js';
import { applyBatch, type ViewState } from '../shared/view-state.js';
import { BoardPanel } from './board-panel.js';
import { ControlsPanel } from './controls-panel.js';
import { byId } from './dom.js';
import { openFeed, type FeedStatus } from './feed-client.js';
import { MeshPanel } from './mesh-panel.js';
import { ReplayPanel } from './replay-panel.js';
import { sessionStatus, signIn, signInFromLink } from './session.js';
import { Sound } from './sound.js';
import { Timeline } from './timeline.js';

const feedText: Record<FeedStatus, string> = {
  connecting: 'connecting…',
  live: 'live',
  lost: 'connection lost, retrying…',
  refused: 'refused: reload the page to sign in again',
};

/**
 * What moves (the mesh's pulses, the strip scrolling) is drawn at most 30 times a second, on every
 * other frame of a 60 Hz screen: each drawn frame costs the browser its style, layout, paint and
 * compositing whatever changed, and at 60 a circuit ticking once a second kept headless chromium
 * busy about a third of a core (3.2–3.5 s of CPU in 10 s; 2.3–2.5 s at 30). The gap is a little
 * under 1000 / 30 ms so that frames 33.3 ms apart are not skipped for a millisecond of jitter.
 * Once nothing moves, the page asks for no more frames until something changes: asking for them
 * alone cost headless chromium 0.68–0.72 s of CPU in 10 s on a paused circuit (0.02–0.03 s not).
 */
const paintGapMs = 1000 / 30 - 4;

class LiveView {
  private state: ViewState | undefined;
  /** The server's clock minus the page's (both monotonic, in ms), from the latest message. */
  private offset = 0;
  private dirty = false;
  private readonly board = new BoardPanel();
  private readonly mesh = new MeshPanel();
  private readonly timeline = new Timeline(() => this.wake());
  private readonly controls = new ControlsPanel();
  private readonly replay = new ReplayPanel((text, ok) => this.controls.say(text, ok));
  private readonly sound = new Sound();
  private readonly feedStatus = byId('feed-status');
  private readonly dropped = byId('dropped');
  private readonly thinning = byId('thinning');
  private feed: FeedStatus = 'connecting';
  private missed = 0;
  /** Events the feed left out of thinned batches since the page opened. */
  private notDrawn = 0;
  /** When the page last drew what moves (the page's clock), and whether a frame is asked for. */
  private painted = -Infinity;
  private framing = false;

  start(): void {
    byId('view').hidden = false;
    openFeed(
      (message) => this.receive(message),
      (status) => {
        this.feed = status;
        this.showFeed();
      },
    );
  }

  /** Something changed: frames are asked for until what it set moving stands still again. */
  private wake(): void {
    if (this.framing) return;
    this.framing = true;
    requestAnimationFrame(this.frame);
  }

  private readonly frame = (now: number): void => {
    if (now - this.painted >= paintGapMs) {
      this.painted = now;
      if (!this.paint(now)) {
        this.framing = false;
        return;
      }
    }
    requestAnimationFrame(this.frame);
  };

  /** How the page is fed: a replay's page names its recording where a live one says "live". */
  private showFeed(): void {
    const replay = this.state?.controls.replay;
    const replaying = replay !== undefined && this.feed === 'live';
    this.feedStatus.dataset.state = this.feed;
    this.feedStatus.textContent = replaying ? `replay of ${replay.file}` : feedText[this.feed];
    if (replay) {
      byId('view-kind').textContent = 'replay';
      document.title = `pinmesh — replay of ${replay.file}`;
    }
  }

  /**
   * Draws what moves (the mesh's health and pulses, the timeline) as of `now` (the page's clock);
   * true while any of it is still moving.
   */
  private paint(now: number): boolean {
    if (!this.state) return false;
    if (this.dirty) {
      this.mesh.render(this.state);
      this.dirty = false;
    }
    // Each is drawn whatever the others say.
    const pulses = this.mesh.frame(now);
    const strip = this.timeline.frame(this.state, now + this.offset);
    const scrubber = this.replay.frame(now + this.offset);
    return pulses || strip || scrubber;
  }

  private receive(message: FeedMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.state = message.state;
        this.offset = message.state.now - performance.now();
        this.board.reset(message.state);
        this.mesh.learn(message.state);
        this.mesh.reset(message.state);
        this.controls.render(message.state.controls);
        this.replay.render(message.state.controls.replay);
        this.showFeed();
        this.sound.update(message.state.piezos);
        // Painted at once: a page the browser does not animate yet (opening, in the background, a
        // headless screenshot) still shows the circuit as the snapshot has it.
        this.paint(performance.now());
        this.wake();
        break;
      case 'events': {
        const state = this.state;
        if (!state) return;
        applyBatch(state, message);
        for (const event of message.events) {
          this.board.apply(event, state);
          this.mesh.apply(event);
        }
        const last = message.times[message.times.length - 1];
        if (last !== undefined) this.offset = Math.max(this.offset, last - performance.now());
        if (message.thinned) this.notDrawn += message.thinned.skipped;
        this.thinning.textContent = message.thinned
          ? `the circuit runs faster than a page can follow: each update shows the latest event of each kind (${this.notDrawn} events not drawn so far; the counts are the circuit's own)`
          : '';
        this.sound.update(state.piezos);
        this.dirty = true;
        this.wake();
        break;
      }
      case 'controls':
        if (this.state) this.state.controls = message.controls;
        // The mesh shows a paused clock as paused.
        this.dirty = true;
        this.wake();
        this.controls.render(message.controls);
        this.replay.render(message.controls.replay);
        this.showFeed();
        break;
      case 'resync':
        this.missed += message.dropped;
        this.dropped.textContent = `${this.missed} events were not shown: this page fell behind (the view caught it up)`;
        break;
    }
  }
}

async function main(): Promise<void> {
  const linkProblem = await signInFromLink();
  const status = await sessionStatus();
  if (!status.required || status.signedIn) {
    new LiveView().start();
    return;
  }
  byId('sign-in').hidden = false;
  const reply = byId('sign-in-reply');
  if (linkProblem) reply.textContent = linkProblem;
  byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('token');
    void signIn({ token: input.value.trim() }).then((result) => {
      input.value = '';
      if (!result.ok) {
        reply.textContent = result.message;
        return;
      }
      byId('sign-in').hidden = true;
      new LiveView().start();
    });
  });
}

main().catch((error: unknown) => {
  const status = byId('feed-status');
  status.dataset.state = 'refused';
  status.textContent = error instanceof Error ? error.message : String(error);
});
