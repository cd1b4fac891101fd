import * as z from '../zod.js';

/**
 * The largest announcement read, in bytes: a real one is a few hundred. A bigger payload on an
 * `info` topic is ignored (with a warning), so whoever can publish on the broker cannot make every
 * node that reads the fleet keep megabytes of it.
 */
export const maxAnnouncementBytes = 16 * 1024;

/** Text fields are short: names, versions, addresses. */
const text = () => z.string().check(z.maxLength(1024));

/**
 * What a node announces about itself, retained on `…/<node>/info` (see topics.ts). Nothing secret:
 * whether the node *wants* the token, never the token; the board's identity, never its serial number.
 */
export const nodeInfoSchema = z.object({
  /** The node's name in the fleet. */
  node: text(),
  /** Where it serves (`ws://10.0.0.2:8766`), or null for a node that only connects out (a clock). */
  url: z.nullable(text()),
  host: z.nullable(text()),
  port: z.nullable(z.number().check(z.int())),
  /** It requires the mesh's token: peers and the clock send theirs (and only to such nodes). */
  token: z.boolean(),
  /** It serves wss://. */
  tls: z.boolean(),
  /** The sketch it runs: "iopin", "buzzer", "clock", or the sketch file's name. */
  sketch: text(),
  /** The board it drives, as its firmware said when it became ready; null for a node with no board. */
  board: z.nullable(z.object({ kind: text(), firmware: text(), version: text(), port: text() })),
  /** The pinmesh version it runs. */
  pinmesh: text(),
  /** When it announced itself (ISO 8601). */
  since: text(),
});

export type NodeInfo = z.infer<typeof nodeInfoSchema>;

/** An announcement read off the broker, or undefined when it is not one (a stranger's payload, or too big). */
export function parseNodeInfo(payload: Buffer | string): NodeInfo | undefined {
  if (Buffer.byteLength(payload) > maxAnnouncementBytes) return undefined;
  try {
    const result = nodeInfoSchema.safeParse(JSON.parse(payload.toString()));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
