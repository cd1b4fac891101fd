/**
 * Recording what a run does, to a file whose name says the format:
 *  - `FILE.vcd`: a Value Change Dump of every pin of the board (GTKWave, PulseView, sigrok-cli);
 *  - `FILE.jsonl`: every event, as `--json` prints it (`pinmesh replay FILE --view` plays it).
 *
 * @example
 * const recording = startRecording('blink.vcd', { boards: [board] });
 * // … the run …
 * await recording.stop(); // the file is complete
 *
 * With a RunSession: `session.addSink(recording.sink)` before anything runs, and
 * `recording.watchBoard(board)` for each board it opens (the CLI's `--record` does both).
 */
import { extname } from 'node:path';
import type { BoardConnection } from '../boards/board.js';
import { simulatedUnoOf } from '../boards/sim/uno-of-board.js';
import type { SimulatedUno } from '../boards/sim/simulated-uno.js';
import { UserError } from '../errors.js';
import type { EventSink } from '../report/events.js';
import { JsonlRecording } from './jsonl-recording.js';
import { mcuPins, observedPins } from './pin-sources.js';
import { RecordFile } from './record-file.js';
import { VcdRecording } from './vcd-recording.js';

export type RecordingFormat = 'vcd' | 'jsonl';

export interface RecordingSource {
  /** Boards to record from the start (more later with watchBoard). */
  boards?: readonly BoardConnection[];
  /** A simulated Uno that no Board wraps (`pinmesh sim`): its pins, on its own clock. */
  uno?: SimulatedUno;
  /** What the VCD says made it (`$version`). Default "pinmesh". */
  version?: string;
  /**
   * The clock the changes of a board that is not a simulated Uno are stamped on, in ms (a test's
   * virtual clock). Default: this process's monotonic clock, when they arrive.
   */
  now?: () => number;
  /** The VCD's `$date`: default now; null leaves it out (a test's recordings, compared byte for byte). */
  date?: Date | null;
}

export interface Recording {
  readonly file: string;
  readonly format: RecordingFormat;
  /** Hand it every event of the run (a JSONL recording keeps them; a VCD ignores them). */
  readonly sink: EventSink;
  /**
   * Records this board's pins too: on the simulated Uno the MCU's own edges and times, elsewhere
   * what pinmesh observes, when it arrives. A VCD holds one board: false for any other.
   */
  watchBoard(board: BoardConnection): boolean;
  /** Records a bare simulated Uno's pins (see RecordingSource.uno). */
  watchUno(uno: SimulatedUno): boolean;
  /**
   * The run is stopping (its session's stop asked): a VCD records what changes from now on, the
   * outputs going LOW, after every change before, so the levels the run ended with are seen.
   */
  stopping(): void;
  /** Ends the recording and closes its file (what was not written yet is written first). */
  stop(): Promise<void>;
}

/** The format a file's name says (FILE.vcd, FILE.jsonl or FILE.ndjson), or undefined. */
export function formatOfName(file: string): RecordingFormat | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.vcd') return 'vcd';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  return undefined;
}

/** The format a file name asks for, or a UserError saying which names work. */
export function recordingFormat(file: string): RecordingFormat {
  const format = formatOfName(file);
  if (format) return format;
  throw new UserError(`cannot tell what to record in ${JSON.stringify(file)}: name it FILE.vcd (the pins, for GTKWave, PulseView or sigrok-cli) or FILE.jsonl (every event, for pinmesh replay)`);
}

/** Starts recording into `file` (created, or emptied): its name says the format. */
export function startRecording(file: string, source: RecordingSource = {}): Recording {
  const format = recordingFormat(file);
  const out = new RecordFile(file);
  if (format === 'jsonl') {
    const events = new JsonlRecording(out);
    return { file, format, sink: events, watchBoard: () => true, watchUno: () => true, stopping: () => {}, stop: () => events.stop() };
  }
  const pins = new VcdRecording(out, source.version ?? 'pinmesh', source.date === undefined ? new Date() : source.date);
  const recording: Recording = {
    file,
    format,
    sink: { write() {} },
    watchBoard: (board) => {
      const uno = simulatedUnoOf(board);
      return pins.watch({ name: board.kind, source: uno ? mcuPins(uno) : observedPins(board, source.now) });
    },
    watchUno: (uno) => pins.watch({ name: 'sim', source: mcuPins(uno) }),
    stopping: () => pins.stopping(),
    stop: () => pins.stop(),
  };
  for (const board of source.boards ?? []) recording.watchBoard(board);
  if (source.uno) recording.watchUno(source.uno);
  return recording;
}
