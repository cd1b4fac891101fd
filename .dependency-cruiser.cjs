/**
 * The import rules of src/, checked by `npm run check:imports` (and so before every `npm test`).
 * No file imports one that imports it back, type imports included; and no room (a folder right
 * under src/) imports a room above it. Who may import whom, lowest first:
 *
 *   chips, serial, security        plumbing that knows nothing of nodes (security reports through report's Reporter type)
 *   net                            WebSocket plumbing: serving, refusing, channels, heartbeat, URLs, the client, backoff
 *   boards, firmware               boards and what drives them (a remote board is a net client)
 *   report                         the event catalogue; it names boards' types and observations
 *   board-node                     a board served to other processes (net server + boards + report)
 *   mesh                           the circuit: who listens where, and the directory
 *   devices, runtime               a node: its server, its peers, its sketch's context
 *   sketches                       the built-in sketches and planning a circuit's nodes
 *   fleet, view, flash, sim-serial the features built on nodes
 *   cli                            the commands
 *
 * One loop is left, of types only: net and security name report's Reporter, whose events name
 * boards' types. Each rule below forbids the back-imports that were once there.
 */
const rooms = (...names) => `^src/(${names.join('|')})/`;
const above = {
  net: ['boards', 'board-node', 'mesh', 'runtime', 'devices', 'sketches', 'fleet', 'view', 'cli'],
  boards: ['board-node', 'mesh', 'runtime', 'sketches', 'fleet', 'view', 'cli'],
  serial: ['boards', 'board-node', 'net', 'runtime', 'sketches', 'fleet', 'view', 'cli'],
  'board-node': ['mesh', 'runtime', 'sketches', 'fleet', 'view', 'cli'],
  mesh: ['runtime', 'devices', 'sketches', 'fleet', 'view', 'cli', 'board-node'],
  runtime: ['sketches', 'fleet', 'view', 'cli', 'board-node'],
  sketches: ['fleet', 'view', 'cli', 'board-node'],
  report: ['board-node', 'net', 'mesh', 'runtime', 'devices', 'sketches', 'fleet', 'view', 'cli'],
  security: ['boards', 'board-node', 'net', 'mesh', 'runtime', 'sketches', 'fleet', 'view', 'cli'],
};

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
    ...Object.entries(above).map(([room, higher]) => ({
      name: `${room}-imports-no-room-above-it`,
      severity: 'error',
      comment: `src/${room}/ is below ${higher.join(', ')}: move what it needs down into src/${room}/ or a room below it.`,
      from: { path: rooms(room) },
      to: { path: rooms(...higher) },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
