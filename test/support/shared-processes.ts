/**
 * The small test files `npm test` runs together, by the suite file that runs them in one process
 * (test/*.suite.ts, through test/support/one-process.ts); every other file but test/unit's (the unit
 * suite's) runs in a process of its own.
 *
 * Which: files whose whole run took under about 5 s (test/durations.json), much of it a Node process
 * starting and loading what it tests (0.4–0.5 s of CPU a file on Node 20), that leave nothing global
 * changed. A file that waits long on real time, or boots through a real bootloader, stays alone,
 * where it waits beside the others instead of holding up a queue of small files. Three groups, so
 * that none is the run's longest file: what starts nodes and boards, the checks of parts, docs and
 * security, and a person's sketch (pinmesh/testing's bench, the library's events, loading mistakes).
 * And two more, not for being small: the browser files, which then open their pages in one chromium
 * (test/support/browser.ts), started once instead of once a file (about 1.8 s of CPU each time);
 * and the board contract's files, one per implementation, which load the same boards and firmware
 * (13–14 s of CPU one a process, 8–9 s together).
 * A file named on npm test's command line (`npm test -- test/security/limits.test.ts`) still runs alone.
 */
export const sharedProcesses: Readonly<Record<string, readonly string[]>> = {
  'contract.suite.js': [
    'contract/mock-board.test.js',
    'contract/pty-uno-board.test.js',
    'contract/pty-uno-bootloader-board.test.js',
    'contract/remote-board.test.js',
    'contract/sim-board.test.js',
    'contract/sim-mega-board.test.js',
    'contract/tcp-board.test.js',
    'contract/uno-board.test.js',
  ],
  'browser.suite.js': ['browser/live-view-first-paint.test.js', 'browser/live-view.test.js', 'browser/replay-view.test.js', 'browser/sim-view.test.js'],
  'small-integration.suite.js': [
    'fleet/fleet-directory.test.js',
    'fleet/fleet-limits.test.js',
    'fleet/fleet-line-order.test.js',
    'fleet/fleet-parts.test.js',
    'integration/board-lost.test.js',
    'integration/board-node-refusals.test.js',
    'integration/board-node-stop.test.js',
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
    'integration/sim-firmware.test.js',
    'integration/sim-firmata.test.js',
    'integration/sim-mega-pins.test.js',
    'integration/sim-mega-serial.test.js',
    'integration/sim-serial-killed.test.js',
    'integration/sim-serial-power-on.test.js',
    'integration/sim-tcp.test.js',
    'integration/tcp-board-unreachable.test.js',
    'integration/terminal-order.test.js',
    'integration/unknown-peer.test.js',
    'integration/view-cli.test.js',
    'integration/view-server.test.js',
  ],
  'small-checks.suite.js': [
    'docs/architecture.test.js',
    'docs/commands.test.js',
    'docs/pack-size.test.js',
    'docs/performance-page.test.js',
    'docs/readme.test.js',
    'docs/wiring.test.js',
    'net/backoff.test.js',
    'net/clock-lost-reply.test.js',
    'net/peer-wait.test.js',
    'net/pending-replies.test.js',
    'net/ws-client.test.js',
    'package/bin-executable.test.js',
    'record/recording-files.test.js',
    'security/board-claims.test.js',
    'security/cli-security.test.js',
    'security/circuit-sketch-path.test.js',
    'security/faults.test.js',
    'security/fuzz-links.test.js',
    'security/fuzz-parsers.test.js',
    'security/handshake.test.js',
    'security/limits.test.js',
    'security/security-parts.test.js',
    'security/terminal-output.test.js',
    'security/terminal-text.test.js',
    'security/token-file.test.js',
    'security/token-guard.test.js',
    'security/url-secrets.test.js',
    'security/view-feed-slots.test.js',
    'security/view-session.test.js',
    'testing/scenario-field-typos.test.js',
    'testing/scenario-fields.test.js',
    'testing/seeded-runs.test.js',
  ],
  'small-sketches.suite.js': [
    'integration/library-signals.test.js',
    'integration/run-extension.test.js',
    'integration/sketch-failure-events.test.js',
    'integration/sketch-mistakes.test.js',
    'integration/user-events.test.js',
    'testing/inputs-never-read.test.js',
    'testing/press-unread-pin.test.js',
    'testing/press-wiring.test.js',
    'testing/pwm-steps.test.js',
    'testing/scenario-record.test.js',
    'testing/set-analog-pin.test.js',
    'testing/sim-scenarios.test.js',
    'testing/sketch-crash.test.js',
    'testing/test-bench.test.js',
    'testing/unchecked-options.test.js',
    'testing/wait-pin-timeout.test.js',
  ],
};
