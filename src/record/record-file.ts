import { createWriteStream, type WriteStream } from 'node:fs';
import { openRecordingFile } from './open-recording-file.js';

/** Gathered text goes to the file this often (ms) or once this much waits, whichever comes first. */
const GATHER_MS = 100;
const GATHER_CHARS = 64 * 1024;

/**
 * A recording's file: text appended off the hot path (gathered, then written in chunks) and never
 * dropped: a recording is complete or it says why not. Opened at once (its folder made if need be),
 * so a path that cannot be written is the person's mistake, said before anything runs.
 */
export class RecordFile {
  private readonly stream: WriteStream;
  private chunks: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private failure: NodeJS.ErrnoException | undefined;
  private closed: Promise<void> | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream('', { fd: openRecordingFile(path), autoClose: true });
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  /** Appends `text` (written within GATHER_MS). */
  write(text: string): void {
    if (this.closed) return;
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= GATHER_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), GATHER_MS).unref();
  }

  /** Hands what was gathered to the file now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.chunks.length === 0) return;
    this.stream.write(this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }

  /** Writes what is left and closes the file; rejects if any write failed (a full disk). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.flush();
      await new Promise<void>((resolve) => this.stream.end(resolve));
      if (this.failure) throw new Error(`the recording ${this.path} is incomplete: ${failureText(this.failure)}`);
    })();
    return this.closed;
  }
}


/** What stopped the writes, in words (the code after them, for a search). */
function failureText(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOSPC') return 'the disk is full (ENOSPC): free some space, or record to another disk';
  if (error.code === 'EDQUOT') return 'your disk quota is used up (EDQUOT)';
  if (error.code === 'EIO') return 'the disk failed to write it (EIO)';
  return error.message;
}
