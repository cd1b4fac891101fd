/**
 * How long a link keeps trying a peer that does not answer before it says so, unless told
 * otherwise: the same for a program (`peers.connectFor`) and for the command (`--peer-timeout`).
 * A file of its own, so that the command's options read it without loading the links' code.
 */
export const DEFAULT_CONNECT_FOR_MS = 30_000;
