import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { BoardOfflineError, type Board, type PinObservation, type ToneObservation } from '../../src/boards/board.js';

/** What the contract needs to know about one implementation of the board interface. */
export interface BoardUnderTest {
  board: Board;
  /** Pulls the cable (the link dies); absent where that cannot be done from a test (real hardware). */
  unplug?: () => void;
  /** Puts it back. */
  plug?: () => Promise<void> | void;
}

export interface ContractOptions {
  /** Observations come from the MCU's own pins ('mcu') or from what the host wrote ('host'). */
  source: 'mcu' | 'host';
  /** The tone frequency the implementation measures on the piezo pin, if it measures one. */
  toneHz?: [min: number, max: number];
  /** False where the test cannot pull the cable (real hardware): that test is skipped. */
  unplugged?: boolean;
  /** Skip the whole suite, with the reason shown. */
  skip?: string;
}

const LED = 13;
const PIEZO = 3;

/**
 * The board contract: every implementation of the board interface (mock, simulated Uno, real Uno)
 * must pass it. One board per suite, tests in order, close() last.
 */
export function boardContract(name: string, create: () => Promise<BoardUnderTest>, options: ContractOptions): void {
  describe(`board contract: ${name}`, { skip: options.skip }, () => {
    let subject: BoardUnderTest;
    const pins: PinObservation[] = [];
    const tones: ToneObservation[] = [];

    before(async () => {
      subject = await create();
      subject.board.on('pin', (observation) => pins.push(observation));
      subject.board.on('tone', (observation) => tones.push(observation));
    });
    after(async () => subject.board.close());

    const lastPin = (pin: number) => pins.filter((o) => o.pin === pin).at(-1);
    const lastTone = (pin: number) => tones.filter((o) => o.pin === pin).at(-1);

    it('reports readiness with the firmware identity', async () => {
      const identity = await subject.board.ready();
      assert.equal(identity.kind, subject.board.kind);
      assert.ok(identity.firmware.length > 0, 'firmware name');
      assert.match(identity.version, /^\d+\.\d+$/);
      assert.equal(subject.board.online, true);
    });

    it('a digital write HIGH reaches the pin, then LOW', async () => {
      const led = subject.board.digitalOutput(LED);
      await led.write(1);
      assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 1, source: options.source });
      await led.write(0);
      assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 0, source: options.source });
    });

    it('every write is observed, even one that does not change the level', async () => {
      const led = subject.board.digitalOutput(LED);
      const before = pins.length;
      await led.write(1);
      await led.write(1);
      await led.write(0);
      assert.deepEqual(pins.slice(before).map((o) => o.value), [1, 1, 0]);
    });

    it('a piezo switched on sounds, and switched off is silent', async () => {
      const piezo = subject.board.piezo(PIEZO);
      await piezo.on();
      const sounding = lastTone(PIEZO);
      assert.equal(sounding?.on, true);
      assert.equal(sounding?.source, options.source);
      if (options.toneHz) {
        const [min, max] = options.toneHz;
        assert.ok(sounding!.frequency! >= min && sounding!.frequency! <= max, `tone at ${sounding!.frequency} Hz`);
      }
      await piezo.off();
      assert.equal(lastTone(PIEZO)?.on, false);
    });

    it('going offline is reported, writes are refused, and it comes back with its pins working', { skip: options.unplugged === false ? 'this board cannot be unplugged from a test' : false }, async () => {
      const offline = once(subject.board, 'offline');
      subject.unplug!();
      await offline;
      assert.equal(subject.board.online, false);
      await assert.rejects(subject.board.digitalOutput(LED).write(1), BoardOfflineError);

      const online = once(subject.board, 'online');
      await subject.plug!();
      await online;
      assert.equal(subject.board.online, true);
      await subject.board.digitalOutput(LED).write(1);
      assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 1, source: options.source });
      await subject.board.piezo(PIEZO).on();
      assert.equal(lastTone(PIEZO)?.on, true);
    });

    it('close() leaves every output LOW and every piezo silent', async () => {
      await subject.board.digitalOutput(LED).write(1);
      await subject.board.piezo(PIEZO).on();
      await subject.board.close();
      assert.deepEqual(pick(lastPin(LED)), { pin: LED, value: 0, source: options.source });
      assert.equal(lastTone(PIEZO)?.on, false);
      assert.equal(subject.board.online, false);
      await assert.rejects(subject.board.digitalOutput(LED).write(1), BoardOfflineError);
    });

  });
}

function pick(observation: PinObservation | undefined) {
  return observation && { pin: observation.pin, value: observation.value, source: observation.source };
}
