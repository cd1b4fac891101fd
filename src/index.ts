/** pinmesh's public API: write your own sketch, serve it, talk to peers, drive a board. */
export { Sketch, type SketchClass, type SketchContext, type Reply } from './runtime/sketch.js';
export { startNode, type StartNodeOptions, type StartedNode } from './runtime/start-node.js';
export { serveSketch } from './runtime/node-server.js';
export type { RunningNode, ServeOptions } from './net/ws-server.js';
export { Peers, type StreamSource } from './runtime/peers.js';
export { PeerLink, PeerUnreachableError, type PeerLinkOptions } from './runtime/peer-link.js';
export { defaultCircuit, loadCircuit, parseCircuit, nodeAddressOf, type Circuit, type NodeAddress, type NodeSpec, type BoardSpec } from './mesh/circuit.js';
export { circuitDirectory, type Directory } from './mesh/directory.js';
export { builtInSketches, type SketchEntry } from './sketches/registry.js';
export type { Board, BoardConnection, BoardIdentity, BoardEvents, PinObservation, PwmObservation, InputObservation, ServoObservation } from './boards/board.js';
export type { DigitalWriter, PwmWriter, ServoWriter, DigitalReader, AnalogReader, PinCapabilities, PinMode } from './boards/capabilities.js';
export { BoardOfflineError } from './boards/board.js';
export { MockBoard, type MockBoardOptions, type RecordedWrite } from './boards/mock-board.js';
export { NodeBoard } from './runtime/node-board.js';
export { Led, Piezo, PIEZO_DUTY, Servo, type ServoOptions, Button, BUTTON_DEBOUNCE_MS, type ButtonChange, type ButtonEvents, type ButtonOptions, type DigitalOutput, type DeviceClass, type DeviceClaim, type ReportingDevice } from './devices/index.js';
export { openBoard, boardKinds, type BoardKind } from './boards/open-board.js';
export { IOPin, type IOPinOptions } from './sketches/iopin.js';
export { Buzzer, type BuzzerOptions } from './sketches/buzzer.js';
export { runClock, clockOptions, type ClockOptions, type ClockSettings, type ClockLink, type ClockPace } from './sketches/clock.js';
export { RECENT_TICKS, type ClockSummary, type TickResult } from './sketches/tick-tally.js';
export { EventReporter, silentReporter, type Reporter, type NodeEvent, type PinmeshEvent, type EventName, type EventOf, type EventSink } from './report/events.js';
export { humanLine } from './report/human-line.js';
export { humanSink, jsonSink, memorySink } from './report/sinks.js';
export { UserError } from './errors.js';

/** Running things: a circuit, one node, a clock, a board node — what the CLI's commands do, without the CLI. */
export { startCircuit, type CircuitOptions, type CircuitRun } from './run/start-circuit.js';
export { serveNode, type NodeOptions, type NodeRun } from './run/serve-node.js';
export { startClock, type ClockRunOptions, type ClockRun } from './run/start-clock.js';
export { startBoardNode, type BoardNodeOptions, type BoardNodeRun } from './run/start-board-node.js';
export { RunSession, type RunSessionOptions } from './run/run-session.js';
export type { RunOptions, RunHandle } from './run/run-options.js';
export type { RunHooks, RunPlan, RunNode, RunClock } from './run/run-hooks.js';
export { runButtonClock, buttonClockOptions, type ButtonClockOptions, type ButtonClockSettings } from './sketches/button-clock.js';
export type { ServedSketchEntry, ClockEntry } from './sketches/registry.js';
export type { NodeToStart, StartContext, ServeContext, ClockContext } from './sketches/entry-start.js';
