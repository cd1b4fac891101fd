/**
 * The import rules of src/, checked by `npm run check:imports` (and so before every `npm test`).
 * No file imports one that imports it back, type imports included; and the rooms (the folders
 * right under src/) stand in layers: a room imports only rooms of the layers below its own, never
 * one beside it or above it, so no room can import a room that imports it back. Lowest first:
 */
const layers = [
  ['report', 'chips', 'time'], //          the event catalogue and what it is written in; the AVR chips; clocks and seeded randomness
  ['security', 'firmware', 'serial'], //   tokens, origins, limits; firmware images; serial ports
  ['net', 'flash'], //                     WebSocket plumbing (server, client, backoff); flashing over serial
  ['boards', 'mesh'], //                   boards and what drives them; the circuit: who listens where
  ['board-node', 'devices', 'sim-serial', 'fleet', 'record'], // a board served to others; LEDs, piezos…; the simulated Uno on a pty; the fleet; recordings (VCD, JSONL)
  ['runtime'], //                          a node: its server, its peers, its sketch's context
  ['sketches'], //                         the built-in sketches, and planning a circuit's nodes
  ['view', 'run'], //                      the live view; running circuits, nodes, clocks and board nodes (the library API)
  ['testing'], //                          pinmesh/testing: a sketch or circuit under test, scenario files
  ['cli'], //                              the commands
];
const rooms = (names) => `^src/(${names.join('|')})/`;
const layerRules = layers.flatMap((layer, index) =>
  layer.map((room) => {
    const notBelow = layers.slice(index).flat().filter((other) => other !== room);
    return {
      name: `${room}-imports-only-rooms-below-it`,
      severity: 'error',
      comment: `src/${room}/ may import only ${layers.slice(0, index).flat().join(', ') || 'no other room'}: move what it needs into src/${room}/ or a room below it.`,
      from: { path: rooms([room]) },
      to: { path: rooms(notBelow) },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file imports a file that imports it back (perhaps through others): move the shared part to where both can import it.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-public-api-inside',
      severity: 'error',
      comment: "src/index.ts is the package's public API, for users only: import the file that defines the thing.",
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'no-cli-outside-cli',
      severity: 'error',
      comment: 'Only the commands import src/cli/.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'node-http-through-require',
      severity: 'error',
      comment: "Import createServer and STATUS_CODES from src/net/node-http.ts: an ES import of node:http loads undici on Node 24 (30 ms at every start). Type-only imports are fine.",
      from: { path: '^src/', pathNot: '^src/net/node-http\\.ts$' },
      to: { path: '^(node:)?http$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'commonjs-packages-through-require',
      severity: 'error',
      comment: 'Import ws, mqtt and serialport from src/net/ws-package.ts, src/fleet/mqtt-package.ts and src/serial/serialport-package.ts: an ES import of these CommonJS packages makes Node 20 run its export lexer over each file they re-export (40–70 ms of a start). Type-only imports are fine.',
      from: { path: '^src/', pathNot: '^src/(net/ws|fleet/mqtt|serial/serialport)-package\\.ts$' },
      to: { path: '^node_modules/(ws|mqtt|serialport)/', dependencyTypesNot: ['type-only'] },
    },
    ...layerRules,
    {
      name: 'every-room-in-a-layer',
      severity: 'error',
      comment: 'A new room under src/ takes its place in the layers at the top of .dependency-cruiser.cjs.',
      from: { path: '^src/[^/]+/', pathNot: rooms(layers.flat()) },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
