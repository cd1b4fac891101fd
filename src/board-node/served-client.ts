import { keepAlive } from '../net/heartbeat.js';
import type { RawData, WebSocket } from 'ws';
import { UserError, errorMessage } from '../errors.js';
import type { Reporter } from '../report/events.js';
import { closeCodes, type ConnectionLimits } from '../security/limits.js';
import { BoardOfflineError } from '../boards/board.js';
import type { PinMode } from '../boards/capabilities.js';
import type { BoardHub, EventSink } from './board-hub.js';
import { PinTakenError, type ClientRef } from '../boards/remote/pin-owners.js';
import { parseRequest, PROTOCOL_VERSION, type ErrorKind, type Reply, type Request, type ServerEvent } from '../boards/remote/protocol.js';

export interface ServedClientContext {
  hub: BoardHub;
  remote: string;
  channel: string;
  limits: ConnectionLimits;
  reporter: Reporter;
}

/** How often a client is asked to prove it is still there (a ping; `ws` clients answer by themselves). */
const HEARTBEAT_MS = 10_000;

/** Events a client does not read pile up to this many times `maxBuffered` before it is cut off. */
const UNREAD_EVENTS_FACTOR = 4;

/**
 * One client of the board node, on its WebSocket. Requests are handed to the board in arrival
 * order (so writes reach the pins in the order sent) and each gets exactly one reply, once the
 * board has confirmed it; observations are pushed as they come. Bounded like every node's
 * connection: more than `maxQueued` unanswered requests closes it (1008), and while more than
 * `maxBuffered` bytes wait to be sent its frames are not read. When it goes away, whatever way,
 * its outputs are made safe and its pins freed.
 */
export function serveBoardClient(socket: WebSocket, context: ServedClientContext): void {
  const { hub, remote, limits, reporter } = context;
  const name = hub.name;
  let unsent = 0;
  let waiting = 0;
  let released: Promise<unknown> | undefined;
  /** Bound: the client's requests not answered yet, at most --max-queued (more closes it); each deleted once answered. */
  const inFlight = new Set<Promise<unknown>>();

  const send = (frame: Reply | ServerEvent) => {
    if (socket.readyState !== socket.OPEN) return;
    const text = JSON.stringify(frame);
    const bytes = Buffer.byteLength(text);
    unsent += bytes;
    socket.send(text, () => {
      unsent -= bytes;
      if (socket.isPaused && unsent <= limits.maxBuffered / 2) socket.resume();
    });
    if (unsent > limits.maxBuffered * UNREAD_EVENTS_FACTOR) {
      reporter.report(name, { event: 'warning', warning: `closed ${client.label}: it did not read ${unsent} bytes of replies and events`, code: 'unread' });
      socket.close(closeCodes.policyViolation, 'replies and events were not read; read them as they come');
    } else if (unsent > limits.maxBuffered && !socket.isPaused) socket.pause();
  };
  const sink: EventSink = { push: (event) => send(event) };
  const client: ClientRef = hub.join(sink, remote);
  reporter.report(name, { event: 'connected', channel: context.channel, remote });

  /** Makes the client's outputs safe and frees its pins, after whatever it sent before (taken now) reached the board. */
  const release = (): Promise<number[]> => {
    const before = [released, ...inFlight];
    const done = (async () => {
      await Promise.allSettled(before);
      return hub.release(client);
    })();
    released = done;
    return done;
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return send({ id: null, ok: false, error: { kind: 'bad-request', message: 'binary frames are not understood; send JSON text' } });
    if (waiting >= limits.maxQueued) {
      reporter.report(name, { event: 'limit', limit: 'queued', max: limits.maxQueued, remote, channel: context.channel });
      socket.close(closeCodes.policyViolation, `more than ${limits.maxQueued} requests waiting for replies; wait for the replies`);
      return;
    }
    const parsed = parseRequest(data.toString());
    if ('refusal' in parsed) return send(parsed.refusal);
    const { request } = parsed;
    waiting += 1;
    const handled = (async () => {
      try {
        const value = await handle(request);
        send(value === undefined ? { id: request.id, ok: true } : { id: request.id, ok: true, value });
      } catch (error) {
        const kind = kindOf(error);
        if (kind === 'taken' && request.op === 'claim') reporter.report(name, { event: 'log', text: `refused: ${errorMessage(error)}` });
        send({ id: request.id, ok: false, error: { kind, message: errorMessage(error) } });
      } finally {
        waiting -= 1;
      }
    })();
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });

  /** The node this client last claimed each pin for: its writes' refusals name it. Bound: one per pin. */
  const claimedFor = new Map<number, string>();

  /** Hands one request to the board; the board call is made before the first await, in arrival order. */
  const handle = (request: Request): Promise<unknown> => {
    const { board } = hub;
    const use = <T>(pin: number, mode: PinMode, act: () => Promise<T>) => hub.using(pin, client, mode, act, claimedFor.get(pin));
    switch (request.op) {
      case 'hello':
        if (request.protocol !== PROTOCOL_VERSION) {
          throw new UserError(`this board node speaks protocol ${PROTOCOL_VERSION} and the client ${request.protocol}: run the same pinmesh version on both ends`);
        }
        client.label = `${request.client} at ${remote}`;
        return Promise.resolve(hub.hello(client, limits.maxQueued));
      case 'claim':
        if (request.node !== undefined) claimedFor.set(request.pin, request.node);
        hub.claim(request.pin, client, { node: request.node, mode: request.mode, use: request.use });
        return Promise.resolve(undefined);
      case 'digitalWrite':
        return use(request.pin, 'digital-out', () => board.digitalWrite(request.pin, request.value));
      case 'pwmWrite':
        return use(request.pin, 'pwm', () => board.pwmWrite(request.pin, request.duty));
      case 'servoWrite':
        return use(request.pin, 'servo', () => board.servoWrite(request.pin, request.degrees));
      case 'digitalRead':
        return use(request.pin, 'digital-in', () => board.digitalRead(request.pin, request.pullUp === undefined ? {} : { pullUp: request.pullUp }));
      case 'analogRead':
        return use(request.pin, 'analog-in', () => board.analogRead(request.pin, request.intervalMs === undefined ? {} : { intervalMs: request.intervalMs }));
      case 'makeSafe': {
        const owner = hub.owners.ownerOf(request.pin);
        if (!owner) return Promise.resolve(undefined);
        if (owner.client.id !== client.id) hub.claim(request.pin, client, { mode: owner.mode, use: owner.mode }); // refused, naming the holder
        return hub.makeSafe(request.pin, owner.mode);
      }
      case 'release':
        return release().then(() => undefined);
    }
  };

  // A client whose network went (no FIN ever comes) is found out: no pong by the next ping, it is cut and its pins made safe.
  keepAlive(socket, HEARTBEAT_MS);

  socket.on('close', (code) => {
    hub.leave(sink);
    reporter.report(name, { event: 'disconnected', channel: context.channel, code });
    void release().then((pins) => {
      if (pins.length > 0 && !hub.stopped) reporter.report(name, { event: 'log', text: `${client.label} went away: pin${pins.length > 1 ? 's' : ''} ${pins.join(', ')} made safe and free again` });
    });
  });
  socket.on('error', (error) => reporter.report(name, { event: 'error', scope: 'connection', channel: context.channel, error: error.message }));
}

function kindOf(error: unknown): ErrorKind {
  if (error instanceof BoardOfflineError) return 'offline';
  if (error instanceof PinTakenError) return 'taken';
  if (error instanceof RangeError) return 'range';
  return 'failed';
}
