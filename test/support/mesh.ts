import { MockBoard } from '../../src/boards/mock-board.js';
import type { Board } from '../../src/boards/board.js';
import { circuitDirectory } from '../../src/mesh/directory.js';
import type { Circuit } from '../../src/mesh/circuit.js';
import type { EventName, NodeEvent, Reporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { EventReporter } from '../../src/report/events.js';
import { startNode, type StartedNode } from '../../src/runtime/start-node.js';
import { Buzzer, type BuzzerOptions } from '../../src/sketches/buzzer.js';
import { IOPin, type IOPinOptions } from '../../src/sketches/iopin.js';

export const loopback = '127.0.0.1';

/** The article's two servers on ephemeral loopback ports, sharing one board, with their events. */
export interface TestMesh {
  board: Board;
  circuit: Circuit;
  iopin: StartedNode;
  buzzer: StartedNode;
  events: ReturnType<typeof memorySink>['events'];
  reporter: Reporter;
  close(): Promise<void>;
}

export async function startTestMesh(
  options: { board?: Board; iopin?: IOPinOptions; buzzer?: BuzzerOptions; connectFor?: number } = {},
): Promise<TestMesh> {
  const board = options.board ?? new MockBoard();
  const sink = memorySink();
  const reporter = new EventReporter([sink]);
  const peers = { connectFor: options.connectFor ?? 5_000 };
  const buzzer = await startNode({ sketch: Buzzer, name: 'buzzer', options: options.buzzer, board, directory: circuitDirectory({ nodes: { buzzer: { host: loopback, port: 1 } } }), host: loopback, port: 0, reporter, peers });
  const circuit: Circuit = { nodes: { buzzer: { host: loopback, port: buzzer.port }, iopin: { host: loopback, port: 1 } } };
  const iopin = await startNode({ sketch: IOPin, name: 'iopin', options: { hold: 0, ...options.iopin }, board, directory: circuitDirectory(circuit), host: loopback, port: 0, reporter, peers });
  circuit.nodes.iopin = { host: loopback, port: iopin.port };
  const mesh: TestMesh = {
    board,
    circuit,
    iopin,
    buzzer,
    events: sink.events,
    reporter,
    // Closes whichever nodes the mesh holds now (a test may have replaced one).
    async close() {
      await mesh.iopin.close();
      await mesh.buzzer.close();
    },
  };
  return mesh;
}

/** The events of one node and kind, in order. */
export function eventsOf<K extends EventName>(events: TestMesh['events'], node: string, event: K): Array<Extract<NodeEvent, { event: K }>> {
  return events.filter((entry): entry is Extract<NodeEvent, { event: K }> => entry.node === node && entry.event === event);
}
