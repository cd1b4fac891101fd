/** pinmesh's public API: write your own sketch, serve it, talk to peers, drive a board. */
export { Sketch, type SketchClass, type SketchContext, type Reply } from './runtime/sketch.js';
export { startNode, type StartNodeOptions, type StartedNode } from './runtime/start-node.js';
export { serveSketch, type RunningNode, type ServeOptions } from './runtime/node-server.js';
export { Peers, type StreamSource } from './runtime/peers.js';
export { PeerLink, PeerUnreachableError, type PeerLinkOptions } from './runtime/peer-link.js';
export { defaultCircuit, loadCircuit, parseCircuit, nodeAddressOf, type Circuit, type NodeAddress } from './mesh/circuit.js';
export type { Board, BoardIdentity, DigitalOutput, Piezo, PinObservation, ToneObservation, BoardEvents } from './boards/board.js';
export { BoardOfflineError } from './boards/board.js';
export { MockBoard, type RecordedWrite } from './boards/mock-board.js';
export { openBoard, boardKinds, type BoardKind } from './boards/open-board.js';
export { IOPin, type IOPinOptions } from './sketches/iopin.js';
export { Buzzer, type BuzzerOptions } from './sketches/buzzer.js';
export { runClock, type ClockOptions, type TickResult } from './sketches/clock.js';
export { EventReporter, silentReporter, type Reporter, type NodeEvent } from './report/events.js';
export { humanSink, jsonSink, memorySink } from './report/sinks.js';
export { UserError } from './errors.js';
