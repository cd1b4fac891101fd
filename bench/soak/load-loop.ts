import { setTimeout as sleep } from 'node:timers/promises';

const PAUSE_AFTER_FAILURE_MS = 100;

/**
 * Runs `step` again and again, `pauseMs` apart, until stop() (which waits for the step under way).
 * A step that fails is counted and the loop goes on: a soak's load must outlast a hiccup. Bounded
 * in time by the soak's duration (the runner stops it), and never more than one step at a time.
 */
export class LoadLoop {
  done = 0;
  failed = 0;
  lastError: string | undefined;
  private stopping = false;
  private readonly running: Promise<void>;

  constructor(step: (index: number) => Promise<void>, pauseMs: number) {
    this.running = (async () => {
      while (!this.stopping) {
        let pause = pauseMs;
        try {
          await step(this.done + this.failed);
          this.done += 1;
        } catch (error) {
          this.failed += 1;
          this.lastError = (error as Error).message;
          pause = Math.max(pauseMs, PAUSE_AFTER_FAILURE_MS); // a refused connection must not become a busy loop
        }
        if (pause > 0 && !this.stopping) await sleep(pause);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** "1,234 <what>" and the failures, if any. */
  describe(what: string): string {
    const failures = this.failed ? ` (${this.failed} failed; last: ${this.lastError})` : '';
    return `${this.done.toLocaleString('en')} ${what}${failures}`;
  }
}
