/**
 * The small test files `npm test` runs together, by the suite file that runs them in one process
 * (test/*.suite.ts, through test/support/one-process.ts); every other file but test/unit's (the unit
 * suite's) runs in a process of its own.
 *
 * Which: files whose whole run took under 2 s (test/durations.json), most of it a Node process
 * starting and loading what it tests, that leave nothing global changed. A file that waits long on
 * real time, or boots through a real bootloader, stays alone, where it waits beside the others
 * instead of holding up a queue of small files. Two groups, so that neither is the run's longest
 * file: what starts nodes and boards, and the checks of parts, docs and scenarios. A file named on
 * npm test's command line (`npm test -- test/security/limits.test.ts`) still runs alone.
 */
export const sharedProcesses: Readonly<Record<string, readonly string[]>> = {
  'small-integration.suite.js': [
    'contract/mock-board.test.js',
    'contract/uno-board.test.js',
    'fleet/fleet-limits.test.js',
    'fleet/fleet-line-order.test.js',
    'fleet/fleet-parts.test.js',
    'integration/board-lost.test.js',
    'integration/board-node-refusals.test.js',
    'integration/board-node.test.js',
    'integration/board-pin-report.test.js',
    'integration/busy-port-advice.test.js',
    'integration/circuit.test.js',
    'integration/closed-line.test.js',
    'integration/library-api.test.js',
    'integration/node-protocol.test.js',
    'integration/python-interop.test.js',
    'integration/sim-board-truth.test.js',
    'integration/sim-devices.test.js',
    'integration/sim-firmata.test.js',
    'integration/sim-mega-pins.test.js',
    'integration/sim-mega-serial.test.js',
    'integration/sim-serial-killed.test.js',
    'integration/sim-serial-power-on.test.js',
    'integration/tcp-board-unreachable.test.js',
    'integration/terminal-order.test.js',
    'integration/unknown-peer.test.js',
    'integration/view-server.test.js',
  ],
  'small-checks.suite.js': [
    'docs/commands.test.js',
    'docs/performance-page.test.js',
    'docs/readme.test.js',
    'docs/wiring.test.js',
    'net/backoff.test.js',
    'net/clock-lost-reply.test.js',
    'net/pending-replies.test.js',
    'net/ws-client.test.js',
    'record/recording-files.test.js',
    'security/board-claims.test.js',
    'security/circuit-sketch-path.test.js',
    'security/fuzz-parsers.test.js',
    'security/handshake.test.js',
    'security/limits.test.js',
    'security/security-parts.test.js',
    'security/terminal-output.test.js',
    'security/token-file.test.js',
    'security/token-guard.test.js',
    'security/url-secrets.test.js',
    'security/view-feed-slots.test.js',
    'security/view-session.test.js',
    'testing/scenario-field-typos.test.js',
    'testing/scenario-fields.test.js',
    'testing/seeded-runs.test.js',
  ],
};
