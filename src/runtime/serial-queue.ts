/**
 * Runs async jobs one after another, in the order they were queued. Used wherever order is the
 * contract: the frames of one connection, the messages of one stream to a peer.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(job);
    // The next job waits for this one to settle, whatever its outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
