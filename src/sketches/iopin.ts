import { setTimeout as sleep } from 'node:timers/promises';
import { nonEmptyText, option } from '../schema.js';
import * as z from '../zod.js';
import { pinOption } from './pin-option.js';
import type { DigitalOutput } from '../devices/led.js';
import { errorMessage } from '../errors.js';
import { errorReplyMessage } from '../runtime/error-reply.js';
import { FairQueue } from '../runtime/fair-queue.js';
import { Sketch } from '../runtime/sketch.js';
import { PeerNotAnswering } from '../runtime/peer-link.js';
import { ioPinEvents } from './iopin-events.js';
import { tickEvents } from './tick-events.js';

export const ioPinOptions = z.strictObject({
  /** Probability of a 0, as in the article (chance=0.6 → mostly zeros). */
  chance: option(z.number().check(z.minimum(0), z.maximum(1)), 0.5, 'probability of a 0 for each bit', { placeholder: 'p' }),
  sequence: option(z.number().check(z.int(), z.minimum(1), z.maximum(256)), 3, 'bits per tick'),
  /** 13: the Uno's on-board LED. */
  pin: pinOption('digital-out', 13, 'digital pin the bits are written to'),
  /** So each bit can be seen and heard; 0 for speed. */
  hold: option(z.number().check(z.minimum(0), z.maximum(60_000)), 200, 'how long each bit stays on the pin, in ms', { placeholder: 'ms' }),
  peer: option(nonEmptyText, 'buzzer', 'node the bits are streamed to', { peer: true }),
});

export type IOPinOptions = z.input<typeof ioPinOptions>;

/**
 * The article's IOPin: on each tick it draws a random bit sequence, writes each bit to its pin and
 * streams it to the buzzer, then acknowledges. Ticks are played one at a time, whole: a second
 * clock's tick waits, so every tick's bits reach the pin and the buzzer together and in order.
 * Waiting ticks take turns by client address, then connection (FairQueue): a client is not kept
 * waiting behind every tick of every other connection.
 *
 * It serves at once, buzzer or not: until the buzzer first answers (tried in the background, for
 * as long as the node runs), each tick is answered `error: buzzer not reachable (…)`, and the
 * person reads one `waiting` line, then one line when the buzzer is found.
 */
export class IOPin extends Sketch<IOPinOptions> {
  static readonly options = ioPinOptions;
  static readonly events = { ...tickEvents, ...ioPinEvents };
  private settings = ioPinOptions.parse({});
  private led!: DigitalOutput;
  /** One tick at a time (the pin and the buzzer are one resource), each client address in turn. */
  private readonly ticks = new FairQueue();
  /** Why the peer cannot be streamed to yet; undefined once it answered. */
  private unreachable: string | undefined = 'still trying';
  private readonly stopping = new AbortController();
  /** reachPeer() is under way. */
  private reaching = false;
  /** The peer is not running, as far as this node can tell (not: it refused this node). */
  private notRunning = true;

  override async setup(options: IOPinOptions): Promise<void> {
    this.settings = ioPinOptions.parse(options);
    this.led = this.board.digitalOutput(this.settings.pin);
    // Up already (in a circuit it is started first): every tick streams, as in the article.
    if (await this.peerAnswers(this.settings.peer)) {
      this.unreachable = undefined;
      return;
    }
    // The link says "waiting for buzzer at … (why, attempt 1)" once; its later attempts are --json's.
    void this.reachPeer();
  }

  /** The peer answered once and its link is down now: ticks are answered at once again while it is tried. */
  private lostPeer(): void {
    this.unreachable = 'it stopped answering; still trying';
    this.notRunning = true;
    void this.reachPeer();
  }

  override teardown(): void {
    this.stopping.abort();
  }

  /** Tries the peer until it answers (each try retries for --peer-timeout), for as long as the node runs. */
  private async reachPeer(): Promise<void> {
    if (this.reaching) return;
    this.reaching = true;
    try {
      await this.tryPeerUntilReached();
    } finally {
      this.reaching = false;
    }
  }

  private async tryPeerUntilReached(): Promise<void> {
    const { peer } = this.settings;
    const { signal } = this.stopping;
    while (!signal.aborted) {
      try {
        await this.waitForPeer(peer);
        if (signal.aborted) return;
        this.reached(peer);
        return;
      } catch (error) {
        if (signal.aborted) return;
        // Not answering: where and why ("at URL (why) after trying for N s"), and "start it" only when
        // nothing answered there. A refusal (a token, a certificate) carries its own advice.
        const notAnswering = error instanceof PeerNotAnswering ? error : undefined;
        this.notRunning = notAnswering?.nothingListens ?? false;
        this.unreachable = `${notAnswering?.where ?? errorMessage(error)}; still trying`;
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** The peer answered: ticks stream from now on, and the person reads it once (a tick that tried it now may be first). */
  private reached(peer: string): void {
    if (this.unreachable === undefined) return;
    this.unreachable = undefined;
    this.report({ event: 'reached', peer });
  }

  /** One bit: 0 with probability `chance`, else 1. */
  state(): 0 | 1 {
    return this.random() < this.settings.chance ? 0 : 1;
  }

  override loop(channel: string, message: string): Promise<string> {
    return this.ticks.run(async () => {
      const peer = this.settings.peer;
      // Reached once, and its link is down now (the buzzer stopped): one quick try, rather than the
      // link's retrying for --peer-timeout while this tick and every tick behind it wait.
      if (this.unreachable === undefined && !this.peerConnected(peer) && !(await this.peerAnswers(peer))) this.lostPeer();
      // Being tried: the link's next try is made now (it may wait up to 2 s between tries), so a tick
      // that comes once the buzzer is up streams, rather than answering that it is not reachable.
      else if (this.unreachable !== undefined && this.reaching && (await this.peerAnswers(peer))) this.reached(peer);
      if (this.unreachable !== undefined) throw new Error(`${peer} not reachable (${this.unreachable})${this.notRunning ? `: start it (pinmesh ${peer})` : ''}`);
      const bits = Array.from({ length: this.settings.sequence }, () => this.state());
      this.report({ event: 'tick', channel, message, bits });
      this.report({ event: 'bits', bits });
      const acks = await this.stream(peer, this.play(bits), this.name, (bit, ack) =>
        this.report({ event: 'ack', peer, message: bit, reply: ack }),
      );
      const refused = acks.map(errorReplyMessage).find((message) => message !== undefined);
      if (refused !== undefined) throw new Error(`${peer} refused a bit: ${refused}`);
      return 'acknowledged';
    });
  }

  /** Writes each bit to the pin, then hands it to the stream; a failed write ends the tick. */
  private async *play(bits: Array<0 | 1>): AsyncGenerator<0 | 1> {
    for (const [index, bit] of bits.entries()) {
      await this.led.write(bit);
      yield bit;
      if (this.settings.hold > 0 && index < bits.length - 1) await this.delay(this.settings.hold);
    }
  }
}
