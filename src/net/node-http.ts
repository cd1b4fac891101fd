import { createRequire } from 'node:module';

/**
 * node:http, loaded with `require`. An ES import of node:http (`import { createServer } from
 * 'node:http'`) makes Node read every export of the module, the lazy ones too, and on Node 24 its
 * lazy `WebSocket`, `fetch` and friends load undici: 30 ms of CPU at every start, in a run that uses
 * none of them (`pinmesh circuit --board mock` starts in about 250 ms). `require` reads only what is
 * asked for. Type-only imports of node:http are erased and may stay where they are.
 */
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

export const { createServer, STATUS_CODES } = http;
