import type { EventSink, NodeEvent } from '../report/events.js';
import { jsonLine } from '../report/sinks.js';
import type { RecordFile } from './record-file.js';

/** Every event, one JSON line each, exactly as `--json` prints it: what `pinmesh replay` plays. */
export class JsonlRecording implements EventSink {
  private stopped = false;

  constructor(private readonly file: RecordFile) {}

  write(event: NodeEvent): void {
    if (!this.stopped) this.file.write(`${jsonLine(event)}\n`);
  }

  flush(): void {
    this.file.flush();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.file.close();
  }
}
