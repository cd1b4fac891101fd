import type { ClockControl } from '../../view/clock-control.js';
import { viewLayout } from '../../view/layout.js';
import type { RunExtension, RunHooks } from '../run/run-extension.js';
import type { RunSession } from '../../run/run-session.js';
import type { LiveView } from './live-view.js';
import { UserError } from '../../errors.js';
import { defaultViewPort, viewPortOption } from './view-port-option.js';

export interface ViewFlags {
  view?: boolean;
  viewPort: number;
}

/**
 * `--view`: the run in the browser. The page is up before any board opens (it sees the board
 * connect), gets the cable buttons of each board and the clock's buttons, and stays up after the
 * clocks are done until the person stops the command.
 */
export const liveView: RunExtension<ViewFlags> = {
  options: (command) => {
    command
      .option('--view', 'serve a live view of the circuit in the browser (on 127.0.0.1; the URL is printed)')
      .addOption(viewPortOption());
  },
  join: ({ session, flags }) => (flags.view ? viewHooks(session, flags.viewPort) : undefined),
};

function viewHooks(session: RunSession, port: number): RunHooks {
  let view: LiveView | undefined;
  let pace: ClockControl | undefined;
  return {
    // The run's own token signs the page in (the token it presents is the one its nodes want).
    beforeBoards: async (plan) => {
      // The view listens first: a node of the run on its port would then be told "in use" by another program.
      const clash = port === 0 ? undefined : plan.plans.find(({ address }) => address?.port === port);
      if (clash) throw new UserError(`--view-port ${port} is the port ${clash.name} of this run listens on: choose another with --view-port (default ${defaultViewPort})`);
      // Loaded here: a run without --view never imports the view's server.
      const { LiveView } = await import('./live-view.js');
      view = await LiveView.start(session, port, viewLayout(plan.plans, plan.circuit), plan.credentials.token);
    },
    boardOpened: (board) => view?.watchBoard(board),
    clockPace: () => (pace = view!.clockControl()),
    finished: async () => {
      pace?.finish();
      // Said once the work is done, so the person does not wonder why the command has not ended.
      if (!session.signal.aborted) view?.stayingOpen();
      await session.stopped();
    },
  };
}
