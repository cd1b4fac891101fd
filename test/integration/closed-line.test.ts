/**
 * The board's closing line says what was done: outputs driven LOW (and a piezo silenced, when the
 * run had one), or, for a board that was offline by then, that its outputs could not be driven.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventReporter, Sketch, humanSink, memorySink, serveNode, type MockBoard, type NodeEvent } from '../../src/index.js';

class Lamp extends Sketch {
  private led!: ReturnType<Sketch['board']['digitalOutput']>;
  override setup() {
    this.led = this.board.digitalOutput(13);
  }
  override async loop(_channel: string, message: string) {
    await this.led.write(message === 'on' ? 1 : 0);
    return 'ok';
  }
}

async function closing(serve: (reporter: EventReporter) => ReturnType<typeof serveNode>, before?: (board: MockBoard) => void) {
  const sink = memorySink();
  const lines: string[] = [];
  const reporter = new EventReporter([sink, humanSink((line) => lines.push(line))]);
  const served = await serve(reporter);
  before?.(served.board as MockBoard);
  await served.stop();
  const closed = sink.events.filter((e: NodeEvent) => e.node === 'board' && e.event === 'closed');
  assert.equal(closed.length, 1, 'one closing line');
  const { node, event, time, ...fields } = closed[0] as NodeEvent & { time?: unknown };
  return { fields, line: lines.find((l) => l.startsWith('[ board ]') && l.includes('released')) };
}

describe('the closing line of a board says what was done to its outputs', () => {
  it('a buzzer: outputs driven LOW, piezo silent', async () => {
    const { fields, line } = await closing((reporter) => serveNode({ name: 'buzzer', port: 0, reporter }));
    assert.deepEqual(fields, { kind: 'mock', outputs: 'low', piezo: true });
    assert.equal(line, '[ board ] outputs driven LOW, piezo silent, board released');
  });

  it('a sketch with no piezo: no word of one', async () => {
    const { fields, line } = await closing((reporter) => serveNode({ name: 'lamp', sketch: Lamp, port: 0, reporter }));
    assert.deepEqual(fields, { kind: 'mock', outputs: 'low', piezo: false });
    assert.equal(line, '[ board ] outputs driven LOW, board released');
  });

  it('a board offline by the time the run stops (its cable pulled): its outputs could not be driven LOW', async () => {
    const { fields, line } = await closing(
      (reporter) => serveNode({ name: 'buzzer', port: 0, reporter }),
      (board) => board.goOffline(),
    );
    assert.deepEqual(fields, { kind: 'mock', outputs: 'unreachable', piezo: false });
    assert.equal(line, '[ board ] the board was offline: its outputs could not be driven LOW (check it), board released');
  });
});
