/**
 * What one node grants its clients, so that no client (or a thousand of them) can take the node's
 * memory or its other clients' replies. Every field can be set per node (`--max-connections`, …).
 */
export interface ConnectionLimits {
  /** Clients connected at once; the next one is closed with 1013 and a reason. */
  maxConnections: number;
  /**
   * Clients connected at once from one address: one host cannot hold every slot. Every process of
   * this machine connects from 127.0.0.1, so on loopback it is `idleMs` that frees the slots.
   */
  maxPerAddress: number;
  /** A client that sends nothing (no frame, no ping) for this long, in ms, is closed (1000) and its slot freed. */
  idleMs: number;
  /** Frames received on one connection and not yet answered; one more closes it with 1008. */
  maxQueued: number;
  /** Largest frame, in bytes; a bigger one closes the connection with 1009. */
  maxPayload: number;
  /**
   * Replies waiting to be sent to one client, in bytes. Above it the node stops reading that
   * client's frames until it has read its replies: a client that never reads cannot grow memory.
   */
  maxBuffered: number;
}

/** Half of the default 64: a host holding as many as it may still leaves 32 slots to every other one. */
export const MAX_CONNECTIONS_PER_ADDRESS = 32;

/**
 * Two minutes of silence. pinmesh's own clients are never idle that long while they are in use:
 * the board clients ping every 10 s, the article's Python nodes (websockets) every 20 s, and the
 * peer links and the clock reopen on their next frame if they were closed in a long pause.
 */
export const IDLE_TIMEOUT_MS = 120_000;

export const defaultLimits: ConnectionLimits = {
  maxConnections: 64,
  maxPerAddress: MAX_CONNECTIONS_PER_ADDRESS,
  idleMs: IDLE_TIMEOUT_MS,
  maxQueued: 256,
  maxPayload: 64 * 1024,
  maxBuffered: 256 * 1024,
};

export function connectionLimits(limits: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const defined = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  return { ...defaultLimits, ...defined };
}

/** WebSocket close codes the limits use (RFC 6455 §7.4.1 and the IANA registry). */
export const closeCodes = {
  normal: 1000,
  policyViolation: 1008,
  messageTooBig: 1009,
  tryAgainLater: 1013,
} as const;
