/**
 * The `ws` package, loaded with `require`. Its ES module entry (wrapper.mjs) imports eight CommonJS
 * files, and Node reads each through its CommonJS export lexer before running it: 40–60 ms of every
 * start on Node 20 (measured: `node -e "await import('ws')"` against `require('ws')`). Loaded with
 * `require`, the same files cost what any CommonJS module costs. Import `ws` from here, not 'ws'.
 */
import { createRequire } from 'node:module';
import type * as Ws from 'ws';

const ws = createRequire(import.meta.url)('ws') as typeof Ws;

export const WebSocket = ws.WebSocket;
export type WebSocket = Ws.WebSocket;
export const WebSocketServer = ws.WebSocketServer;
export type WebSocketServer = Ws.WebSocketServer;
export type { RawData } from 'ws';
