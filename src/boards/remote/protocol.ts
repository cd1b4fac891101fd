/**
 * The board node's wire protocol: JSON text frames over one WebSocket, between `pinmesh board`
 * (which owns the board) and the RemoteBoard of every process that drives it (`--board ws://…`).
 *
 * - A client sends requests, each with its own `id`; every request gets exactly one reply with
 *   that id: `{"id":7,"ok":true}` (with `value` for a read) or `{"id":7,"ok":false,"error":{…}}`.
 *   A write is answered only once the board confirmed it reached the board (and, on the
 *   simulated Uno, the MCU's pin shows it): never acknowledged otherwise.
 * - The server pushes events, without an id: what the board observed on its pins (`pin`, `pwm`,
 *   `servo`, `input`), and its comings and goings (`online`, `offline`, `warning`).
 * - A frame that is not a request gets an error reply (`bad-request`, with the frame's id when it
 *   had one) and the connection carries on.
 *
 * Both ends validate what they receive with the schemas below: requests strictly (a misspelt
 * field is an error), the server's frames leniently (fields a newer server adds are ignored).
 */
import { once } from '../../once.js';
import * as z from '../../zod.js';

export const PROTOCOL_VERSION = 1;

/** Where `pinmesh board` listens unless told otherwise (the article's nodes use 8765 and 8766). */
export const DEFAULT_BOARD_PORT = 8764;

/**
 * The protocol's schemas, built the first time a frame is parsed: a command that never speaks to a
 * board node (a circuit on the mock board) does not build them at its start (about 3 ms of Node 20's).
 */
export const protocolSchemas = once(() => {
  const pin = z.number().check(z.int(), z.minimum(0), z.maximum(255));
  const pinMode = z.enum(['digital-out', 'digital-in', 'pwm', 'analog-in', 'servo', 'i2c']);
  const id = z.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));

  /** Every request a client may send. */
  const request = z.discriminatedUnion('op', [
    /** First request on a connection: who the client is (for messages naming a pin's owner). */
    z.strictObject({ id, op: z.literal('hello'), client: z.string().check(z.minLength(1), z.maxLength(200)), protocol: z.number().check(z.int()) }),
    /** Claims a pin for one of the client's nodes; refused if another client holds it. */
    z.strictObject({ id, op: z.literal('claim'), pin, mode: pinMode, use: z.string().check(z.minLength(1), z.maxLength(64)), node: z.string().check(z.minLength(1), z.maxLength(200)) }),
    z.strictObject({ id, op: z.literal('digitalWrite'), pin, value: z.union([z.literal(0), z.literal(1)]) }),
    z.strictObject({ id, op: z.literal('pwmWrite'), pin, duty: z.number() }),
    z.strictObject({ id, op: z.literal('servoWrite'), pin, degrees: z.number() }),
    z.strictObject({ id, op: z.literal('digitalRead'), pin, pullUp: z.optional(z.boolean()) }),
    z.strictObject({ id, op: z.literal('analogRead'), pin, intervalMs: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(60_000))) }),
    /** Makes one of the client's pins safe (LOW, PWM 0, servo detached). */
    z.strictObject({ id, op: z.literal('makeSafe'), pin }),
    /** The client is done: its outputs made safe, confirmed, its pins free for others. */
    z.strictObject({ id, op: z.literal('release') }),
  ]);

  const identity = z.object({ kind: z.string(), firmware: z.string(), version: z.string(), port: z.string(), board: z.optional(z.string().check(z.maxLength(40))) });
  const pinTable = z.array(z.array(pinMode)).check(z.maxLength(256));

  /** What the server answers to `hello`. */
  const hello = z.object({
    protocol: z.number().check(z.int()),
    /** How the server names this client in messages. */
    client: z.string(),
    online: z.boolean(),
    identity: z.optional(identity),
    /** Each pin's modes, by pin number. */
    pins: pinTable,
    /** Requests a client may have waiting for replies; one more closes the connection. */
    maxQueued: z.number().check(z.int(), z.minimum(1)),
  });

  const reply = z.union([
    z.object({ id, ok: z.literal(true), value: z.optional(z.unknown()) }),
    z.object({ id: z.nullable(id), ok: z.literal(false), error: z.object({ kind: z.enum(errorKinds), message: z.string() }) }),
  ]);

  const source = z.enum(['host', 'mcu']);
  const at = z.number();

  const event = z.discriminatedUnion('event', [
    z.object({ event: z.literal('pin'), pin, value: z.union([z.literal(0), z.literal(1)]), at, source }),
    z.object({ event: z.literal('pwm'), pin, duty: z.number(), frequency: z.optional(z.number()), at, source }),
    z.object({ event: z.literal('servo'), pin, degrees: z.optional(z.number()), pulseUs: z.optional(z.number()), at, source }),
    z.object({ event: z.literal('input'), pin, mode: z.enum(['digital', 'analog']), value: z.number(), at, source }),
    z.object({ event: z.literal('online'), identity, pins: pinTable }),
    z.object({ event: z.literal('offline'), reason: z.string() }),
    z.object({ event: z.literal('warning'), message: z.string() }),
  ]);

  return { id, request, hello, reply, event };
});

type Schemas = ReturnType<typeof protocolSchemas>;

export type Request = z.infer<Schemas['request']>;
export type RequestOp = Request['op'];
/** A request as the client builds it, before it is given an id. */
export type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** What kind of failure a reply reports; the client turns each into the error a local board throws. */
export const errorKinds = ['offline', 'range', 'taken', 'bad-request', 'failed'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export type Hello = z.infer<Schemas['hello']>;
export type Reply = z.infer<Schemas['reply']>;
export type ServerEvent = z.infer<Schemas['event']>;

/** Parses a client's frame: the request, or the error reply it gets (with its id when it had one). */
export function parseRequest(text: string): { request: Request } | { refusal: Reply } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { refusal: badRequest(null, 'a frame must be one JSON object, e.g. {"id":1,"op":"digitalWrite","pin":13,"value":1}') };
  }
  const { request, id } = protocolSchemas();
  const result = request.safeParse(data);
  if (result.success) return { request: result.data };
  const frameId = id.safeParse((data as { id?: unknown } | null)?.id);
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { refusal: badRequest(frameId.success ? frameId.data : null, `bad request: ${where}${issue.message}`) };
}

function badRequest(requestId: number | null, message: string): Reply {
  return { id: requestId, ok: false, error: { kind: 'bad-request', message } };
}

/** Parses a server's frame: a reply or an event; undefined for anything else. */
export function parseServerFrame(text: string): { reply: Reply } | { event: ServerEvent } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data !== null && typeof data === 'object' && 'event' in data) {
    const event = protocolSchemas().event.safeParse(data);
    return event.success ? { event: event.data } : undefined;
  }
  const reply = protocolSchemas().reply.safeParse(data);
  return reply.success ? { reply: reply.data } : undefined;
}
