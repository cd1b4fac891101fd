import type { RawData, WebSocket } from 'ws';
import { clipped } from '../clipped.js';
import { errorMessage } from '../errors.js';
import type { Reporter } from '../report/events.js';
import { closeCodes, type ConnectionLimits } from '../security/limits.js';
import { asCaller, newCaller } from './caller.js';
import { errorReply, isErrorReply } from './error-reply.js';
import { ReplyGathering, type Wire } from './reply-gathering.js';
import { blameSketch } from './sketch-error.js';
import { SerialQueue } from './serial-queue.js';
import { replyText, type Sketch } from './sketch.js';

export interface ConnectionContext {
  sketch: Sketch<any>;
  channel: string;
  remote: string;
  limits: ConnectionLimits;
  reporter: Reporter;
  /**
   * The connection's own TCP (or TLS) socket, under the WebSocket. Replies to the frames that
   * arrived together are written to it together: it is corked while they are answered.
   */
  wire?: Wire;
}

/**
 * One client of a node: each text frame goes to loop() in arrival order and gets exactly one text
 * reply. Bounded: more than `maxQueued` frames waiting for replies closes the connection (1008);
 * while more than `maxBuffered` bytes of replies wait to be sent, the client's frames are not read.
 */
export function serveConnection(socket: WebSocket, context: ConnectionContext): void {
  const { sketch, channel, remote, limits, reporter, wire } = context;
  const name = sketch.name;
  const frames = new SerialQueue();
  const caller = newCaller(remote);
  let waiting = 0;
  let unsent = 0;
  let overflowed = false;
  reporter.report(name, { event: 'connected', channel: shown(channel), remote });

  const send = (reply: string) => {
    if (socket.readyState !== socket.OPEN) return;
    const bytes = Buffer.byteLength(reply);
    unsent += bytes;
    socket.send(reply, () => {
      unsent -= bytes;
      if (socket.isPaused && unsent <= limits.maxBuffered / 2) socket.resume();
    });
    // A client that does not read its replies: stop reading its frames until it catches up.
    if (unsent > limits.maxBuffered && !socket.isPaused) socket.pause();
  };

  // Replies to frames that came together (a client pipelining) leave together.
  const gathering = wire ? new ReplyGathering(wire) : undefined;

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (overflowed) return;
    if (waiting >= limits.maxQueued) {
      overflowed = true;
      reporter.report(name, { event: 'limit', limit: 'queued', max: limits.maxQueued, remote, channel: shown(channel) });
      socket.close(closeCodes.policyViolation, `more than ${limits.maxQueued} frames waiting for replies; wait for each reply`);
      return;
    }
    gathering?.frameArrived(waiting);
    waiting += 1;
    void frames.run(async () => {
      try {
        const reply = isBinary ? errorReply('binary frames are not understood; send text') : await asCaller(caller, () => react(sketch, channel, data.toString(), reporter));
        reporter.report(name, { event: 'replied', channel: shown(channel), ok: !isErrorReply(reply) });
        send(reply);
      } finally {
        waiting -= 1;
        gathering?.replied(waiting);
      }
    });
  });
  socket.on('close', (code) => reporter.report(name, { event: 'disconnected', channel: shown(channel), code }));
  socket.on('error', (error) => reporter.report(name, { event: 'error', scope: 'connection', channel: shown(channel), error: error.message }));
}

async function react(sketch: Sketch<any>, channel: string, message: string, reporter: Reporter): Promise<string> {
  try {
    return replyText(await sketch.loop(channel, message));
  } catch (error) {
    const reason = atMost(errorMessage(error), MAX_REASON);
    // Where in the person's file it was thrown, for the log (the reply to the client stays the reason alone).
    const at = blameSketch(error, 'in loop()')?.at;
    reporter.report(sketch.name, { event: 'error', scope: 'loop', channel: shown(channel), message: message.slice(0, 200), error: reason, ...(at && { at }) });
    return errorReply(reason);
  }
}

/** Most characters of a loop() error's reason in its reply and its event: a reason quoting a client's 60 KB frame is not sent back, nor printed, whole. */
const MAX_REASON = 500;

function atMost(text: string, max: number): string {
  return text.length <= max ? text : `${clipped(text, max)} (${text.length} characters)`;
}

/** A channel as events print it: a client's 8 KB path is not copied into every event. */
function shown(channel: string): string {
  return clipped(channel, 200);
}
