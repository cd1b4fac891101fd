/**
 * What one node grants its clients, so that no client (or a thousand of them) can take the node's
 * memory or its other clients' replies. Every field can be set per node (`--max-connections`, …).
 */
export interface ConnectionLimits {
  /** Clients connected at once; the next one is closed with 1013 and a reason. */
  maxConnections: number;
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

export const defaultLimits: ConnectionLimits = {
  maxConnections: 64,
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
  policyViolation: 1008,
  messageTooBig: 1009,
  tryAgainLater: 1013,
} as const;
