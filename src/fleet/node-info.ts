import { z } from 'zod';

/**
 * What a node announces about itself, retained on `…/<node>/info` (see topics.ts). Nothing secret:
 * whether the node *wants* the token, never the token; the board's identity, never its serial number.
 */
export const nodeInfoSchema = z.object({
  /** The node's name in the fleet. */
  node: z.string(),
  /** Where it serves (`ws://10.0.0.2:8766`), or null for a node that only connects out (a clock). */
  url: z.string().nullable(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  /** It requires the mesh's token: peers and the clock send theirs (and only to such nodes). */
  token: z.boolean(),
  /** It serves wss://. */
  tls: z.boolean(),
  /** The sketch it runs: "iopin", "buzzer", "clock", or the sketch file's name. */
  sketch: z.string(),
  /** The board it drives, as its firmware said when it became ready; null for a node with no board. */
  board: z.object({ kind: z.string(), firmware: z.string(), version: z.string(), port: z.string() }).nullable(),
  /** The pinmesh version it runs. */
  pinmesh: z.string(),
  /** When it announced itself (ISO 8601). */
  since: z.string(),
});

export type NodeInfo = z.infer<typeof nodeInfoSchema>;

/** An announcement read off the broker, or undefined when it is not one (a stranger's payload). */
export function parseNodeInfo(payload: Buffer | string): NodeInfo | undefined {
  try {
    const result = nodeInfoSchema.safeParse(JSON.parse(payload.toString()));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
