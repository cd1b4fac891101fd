import type { BoardName } from '../boards/open-board.js';
import type { Reporter } from '../report/events.js';
import type { PeerLinkOptions } from '../runtime/peer-link.js';
import type { NodeSecurity } from '../security/node-security.js';
import { refuseEmptySerialPort } from '../serial/empty-serial-port.js';
import type { Credentials } from '../security/peer-credentials.js';
import { seededRandom } from '../time/seeded-random.js';
import { optionNames, type SettingNames } from '../setting-names.js';
import { BoardChoice } from './board-choice.js';
import type { PortAdvice } from './port-advice.js';
import type { RunHooks } from './run-hooks.js';
import { RunSession } from './run-session.js';
import { shareProgramNodes } from './served-nodes.js';
import { everyKeyOf } from '../unknown-option.js';

/** What every library run accepts; all of it optional. */
export interface RunOptions {
  /** Where events go (default: nowhere). Ignored when `session` is given (its reporter is used). */
  reporter?: Reporter;
  /**
   * A session to run in (the CLI's own); by default the run makes one, and stop() closes it. Runs
   * in one session find each other's nodes where they listen, as do a program's runs given none.
   */
  session?: RunSession;
  /**
   * Who takes part in the run: the live view, the fleet, key presses, or a program's own hooks. A
   * function is asked once, when the run comes to need them (the CLI's extensions join then).
   */
  hooks?: readonly RunHooks[] | (() => Promise<readonly RunHooks[]>);
  /**
   * The board: mock (default), sim, sim-mega, uno, nano, mega, a board node's ws://HOST:PORT, or a
   * Firmata board on the network's tcp://HOST:PORT. The circuit file's board wins unless `boardGiven`.
   */
  board?: BoardName;
  /** A real Uno's, Nano's or Mega's serial port (found by USB identity when absent; never empty: a UserError). */
  serialPort?: string;
  /** `board` wins over the circuit file's (the CLI: --board was given). */
  boardGiven?: boolean;
  /** How served nodes protect themselves: token, TLS, origins, limits (default: loopback only). */
  security?: NodeSecurity;
  /** What this process presents to the nodes it connects to: the token, a CA. */
  credentials?: Credentials;
  /** How long links retry a peer (`connectFor` ms) and how. */
  peers?: PeerLinkOptions;
  /**
   * The run's nodes find each other through a broker (a fleet): a peer an option names may be
   * served elsewhere, so the plan does not refuse a peer that is not in the circuit.
   */
  brokered?: boolean;
  /**
   * How a person moves a node to another port, said when its port is in use or privileged (the
   * CLI: "choose another port with --port"). Default: "choose another port".
   */
  portAdvice?: PortAdvice;
  /**
   * How the person running it gives the settings that advice names (an error saying "pass
   * serialPort"): a program's option names by default; the CLI hands its flags ("pass --serial-port PATH").
   */
  settingNames?: SettingNames;
  /**
   * Makes every random choice of the run repeatable (the iopin's bits): two runs with the same
   * seed draw the same. Ignored when `session` is given (its own source is used).
   */
  seed?: number;
}

/** A run that was started: stop it with stop(); `done` says when its work is over. */
export interface RunHandle<Done> {
  /** The run's session: its reporter, signal, and what it will close. */
  readonly session: RunSession;
  /** Settles when the run's work is over (a clock's last tick, or stop() for what serves until stopped). */
  readonly done: Promise<Done>;
  /** Stops the run: clocks end after the tick on their way, nodes close, boards close last with every output LOW. */
  stop(): Promise<void>;
}

/** How the run names the settings its advice names: the caller's, or a program's options. */
export function namesOf(options: RunOptions): SettingNames {
  return options.settingNames ?? optionNames;
}

/** The run's hooks, asked for now if they come from a function. */
export async function hooksOf(options: RunOptions): Promise<readonly RunHooks[]> {
  return typeof options.hooks === 'function' ? options.hooks() : (options.hooks ?? []);
}

/** The run's session: the caller's, or a new one the run owns (and closes when it fails to start). */
export function sessionOf(options: RunOptions): { session: RunSession; owned: boolean } {
  if (options.session) return { session: options.session, owned: false };
  const random = options.seed === undefined ? undefined : seededRandom(options.seed);
  const session = new RunSession({ ...(options.reporter && { reporter: options.reporter }), ...(random && { random }) });
  shareProgramNodes(session);
  return { session, owned: true };
}

/**
 * Where the run's boards come from: the board asked for (mock by default), shared by spec. An empty
 * `serialPort` is refused here, before anything starts (it would be dropped, the Uno searched for).
 */
export function boardChoiceOf(session: RunSession, options: RunOptions): BoardChoice {
  if (options.serialPort !== undefined) refuseEmptySerialPort(options.serialPort, 'serialPort');
  return new BoardChoice(session, {
    names: namesOf(options),
    board: options.board ?? 'mock',
    ...(options.serialPort !== undefined && { serialPort: options.serialPort }),
    boardGiven: options.boardGiven ?? false,
    credentials: () => options.credentials ?? {},
  });
}

/** The options every run takes (RunOptions), which each call's own list extends. */
export const runOptionKeys = everyKeyOf<RunOptions>()(['reporter', 'session', 'hooks', 'board', 'serialPort', 'boardGiven', 'security', 'credentials', 'peers', 'brokered', 'portAdvice', 'settingNames', 'seed']);

/**
 * Starts a run in its session: should starting fail, a session the run owns is closed before the
 * error is passed on (nothing stays open, every output LOW). `work` is what follows the start.
 */
export async function startRun<Started, Done>(
  options: RunOptions,
  start: (session: RunSession) => Promise<Started>,
  work: (started: Started, session: RunSession) => Promise<Done>,
): Promise<Started & RunHandle<Done>> {
  const { session, owned } = sessionOf(options);
  let started: Started;
  try {
    started = await start(session);
  } catch (error) {
    if (owned) await session.close();
    throw error;
  }
  const done = work(started, session);
  session.trackWork(done);
  done.catch(() => undefined); // awaited by whoever wants it; stop() alone must not make it unhandled
  const stop = async () => {
    session.requestStop();
    await done.catch(() => undefined);
    await session.close();
  };
  return Object.assign(started as Started & object, { session, done, stop }) as Started & RunHandle<Done>;
}
