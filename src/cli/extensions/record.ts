import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { BoardConnection } from '../../boards/board.js';
import { startRecording, type Recording } from '../../record/recording.js';
import type { RunSession } from '../../run/run-session.js';
import { packageVersion } from '../package-info.js';
import type { RunExtension } from '../run/run-extension.js';

export interface RecordFlags {
  record?: string;
}

/** Adds `--record FILE` to a command. */
export function recordOption(command: Command): Command {
  return command.option('--record <file>', 'record the run: FILE.vcd the board’s pins (GTKWave, PulseView, sigrok-cli), FILE.jsonl every event (pinmesh replay)');
}

/**
 * Records the session into `file` from now on: every event to its sink, and the file closed after
 * everything else (the boards' fail-safe is in it).
 */
export function recordSession(session: RunSession, file: string): Recording {
  const recording = startRecording(file, { version: `pinmesh ${packageVersion()}` });
  session.addSink(recording.sink);
  // The stop (the outputs LOW) is recorded after every change before it.
  session.signal.addEventListener('abort', () => recording.stopping(), { once: true });
  session.defer(async () => {
    await recording.stop();
    // Where it went: --record may have made folders for it, and nothing else names the file.
    const { size } = await stat(file);
    const next = recording.format === 'vcd' ? 'open it in PulseView or GTKWave, or pinmesh replay it' : 'pinmesh replay it';
    session.reporter.report('record', { event: 'log', text: `recorded ${file} (${size.toLocaleString('en-US')} bytes): ${next}` });
  });
  return recording;
}

/** Records a board of the run's; says so when a VCD already holds another. */
export function recordBoard(session: RunSession, recording: Recording, board: BoardConnection): void {
  if (recording.watchBoard(board)) return;
  session.reporter.report('record', { event: 'warning', warning: `${recording.file} records the first board only (a VCD declares its pins up front): record to a .jsonl file to keep every board's events` });
}

/** `--record FILE`: the run recorded from before its boards open. */
export const recording: RunExtension<RecordFlags> = {
  options: recordOption,
  join: ({ session, flags }) => {
    if (flags.record === undefined) return undefined;
    const started = recordSession(session, flags.record);
    return { boardOpened: (board) => recordBoard(session, started, board) };
  },
};
