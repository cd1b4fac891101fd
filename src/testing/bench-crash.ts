/**
 * A bench whose sketch crashed in work no call of the test awaited (sketch-crashes.ts): the call
 * waiting then (a delay, a send, a wait, a press) rejects with the sketch's error at once, the run's
 * time standing where the crash left it; any later call rejects with it too; and stop(), once the
 * run stopped, rejects with it if no call did. So a test sees "your sketch dimmer.mjs failed while
 * running at line 11, column 24: …" from the bench it awaits.
 */
export class BenchCrash {
  private error: Error | undefined;
  private reported = false;
  private readonly aborts = new AbortController();
  private readonly crashing: Promise<never>;
  private rejectCrashing!: (error: Error) => void;

  constructor() {
    this.crashing = new Promise<never>((_, reject) => (this.rejectCrashing = reject));
    this.crashing.catch(() => undefined);
  }

  /** Aborts when the sketch crashes: what lets time run stops there. */
  get signal(): AbortSignal {
    return this.aborts.signal;
  }

  /** The sketch crashed (the first crash counts). */
  crashed(error: Error): void {
    if (this.error) return;
    this.error = error;
    this.aborts.abort(error);
    this.rejectCrashing(error);
  }

  /** `promise`, or the crash if it comes first. */
  during<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.crashing]);
  }

  /** A bench call: `work`, unless the sketch crashed before or while it ran; then the crash. */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.error) throw this.report(this.error);
    try {
      return await this.during(work());
    } catch (error) {
      throw this.error ? this.report(this.error) : error;
    }
  }

  /** The crash no call rejected with (stop() does then), if any. */
  unreported(): Error | undefined {
    return this.error && !this.reported ? this.report(this.error) : undefined;
  }

  private report(error: Error): Error {
    this.reported = true;
    return error;
  }
}
