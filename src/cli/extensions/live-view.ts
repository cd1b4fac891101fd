import type { Board } from '../../boards/board.js';
import { cableOf } from '../../boards/cable.js';
import type { Token } from '../../security/token.js';
import type { ViewLayout } from '../../view/shared/view-state.js';
import { ClockControl } from '../../view/clock-control.js';
import { ViewServer } from '../../view/view-server.js';
import type { RunSession } from '../../run/run-session.js';
import { writeStderr } from '../stderr-lines.js';

/**
 * The live view of one command: its server, fed by every event of the session, with the
 * controls of what this command runs. Started before any board is opened, so the page sees the
 * board connect; closed on the way out like everything else.
 */
export class LiveView {
  private constructor(
    private readonly session: RunSession,
    readonly server: ViewServer,
  ) {}

  /** Starts the view on `port` of 127.0.0.1; reports its URL (never a secret) as a `view` event. */
  static async start(session: RunSession, port: number, layout: ViewLayout, token: Token | undefined): Promise<LiveView> {
    const server = await ViewServer.start({ port, layout, token, reporter: session.reporter });
    session.defer(() => server.close());
    session.addSink(server.feed);
    session.reporter.report('view', { event: 'view', url: server.url, signIn: server.access.required });
    const link = server.signInLink();
    // The one-time link goes to the terminal only: not through the event stream (--json may be logged).
    if (link) void writeStderr(`pinmesh: sign in to the live view with ${link} (works once; or paste the mesh token on the page)\n`);
    return new LiveView(session, server);
  }

  /** A board with a cable to pull (the simulated Uno) gets the unplug and plug buttons. */
  watchBoard(board: Board): void {
    const cable = cableOf(board);
    if (!cable) return;
    const { controls } = this.server;
    const say = (text: string) => this.session.reporter.report('view', { event: 'log', text });
    controls.add('unplug', {
      label: 'pull the USB cable',
      run: () => {
        if (!cable.plugged) throw new Error('the cable is already out');
        cable.unplug();
        controls.set({ cable: 'unplugged' });
        say('USB cable pulled from the view');
        return 'the cable is out: the board goes offline';
      },
    });
    controls.add('plug', {
      label: 'plug the USB cable back',
      run: async () => {
        if (cable.plugged) throw new Error('the cable is already in');
        controls.set({ cable: 'plugged' });
        say('USB cable plugged back from the view');
        await cable.plug();
        return 'the cable is back: the board reconnects';
      },
    });
    controls.set({ cable: cable.plugged ? 'plugged' : 'unplugged' });
  }

  /** The run's work is done and the view stays up: the person is told how it ends. */
  stayingOpen(): void {
    this.session.reporter.report('view', { event: 'log', text: `the run is done; the live view stays on ${this.server.url} until you stop it (Ctrl-C)` });
  }

  /** The clock's pace with the tick-once, pause and resume buttons. */
  clockControl(): ClockControl {
    const { controls } = this.server;
    const say = (text: string) => this.session.reporter.report('view', { event: 'log', text });
    const clock = new ClockControl((status) => controls.set({ clock: status }));
    controls.add('tick', {
      label: 'tick once',
      run: () => {
        if (clock.status === 'done') throw new Error('the clock has sent all its ticks (run with --ticks 0 to keep it going)');
        clock.tickNow();
        say('tick once from the view');
        return 'the next tick goes now';
      },
    });
    controls.add('pause', {
      label: 'pause the clock',
      run: () => {
        clock.pause();
        say('clock paused from the view');
        return 'paused: ticks stop after the one on its way';
      },
    });
    controls.add('resume', {
      label: 'resume the clock',
      run: () => {
        clock.resume();
        say('clock resumed from the view');
        return 'ticking again';
      },
    });
    controls.set({ clock: clock.status });
    return clock;
  }
}
