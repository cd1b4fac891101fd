/**
 * The simulated Uno's engine, measured:   node --import tsx bench/sim-engine.ts [--seconds N] [--ticks N]
 *
 *  - awaited writes: a host digital-port write (3 bytes), then transport.flush(), then wait for the
 *    MCU's PORTB to show it (read straight from the register), one after another; writes/s and
 *    p50 latency, beside the serial line's own limit (3-byte commands/s at the firmware's baud);
 *  - idle CPU: process.cpuUsage() over N wall seconds with a Firmata host attached and the firmware
 *    idling, as % of one core, and simulated ms per wall ms over the same window;
 *  - millis() vs wall time: the firmware reports A0 every `samplingInterval` ms of its own millis();
 *    the wall time between the first and last report over N seconds gives millis()'s rate;
 *  - circuit tick → ack on the simulated Uno (iopin sequence 3, hold 0), p50 / p90 / p99, with
 *    pinmesh's own confirmation, and with a register-reading stand-in (what the engine alone allows).
 *
 * Figures only: nothing here asserts a timing.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import type { Board } from '../src/boards/board.js';
import { createSimBoard } from '../src/boards/sim-board.js';
import { SimulatedUno } from '../src/boards/sim/index.js';
import type { Mcu } from '../src/boards/sim/index.js';
import type { ByteTransport } from '../src/serial/byte-transport.js';
import { nodeAddressOf, nodeUrl } from '../src/mesh/circuit.js';
import { startTestMesh } from '../test/support/mesh.js';
import { ArticleClient } from '../test/support/ws-client.js';

const require = createRequire(import.meta.url);
interface FirmataIo extends EventEmitter {
  pinMode(pin: number, mode: number): void;
  reportAnalogPin(pin: number, value: 0 | 1): void;
  setSamplingInterval(ms: number): void;
}
const { Firmata } = require('firmata-io') as { Firmata: new (t: ByteTransport) => FirmataIo };

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = arg('--seconds', 5);
const TICKS = arg('--ticks', 200);
const PORTB = 0x25;
const CLOCK_HZ = 16_000_000;

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** The MCU of this power-on; a bench may look at its registers (not public API). */
const mcuOf = (uno: SimulatedUno): Mcu => {
  const mcu = (uno as unknown as { mcu?: Mcu }).mcu;
  if (!mcu) throw new Error('the simulated Uno is not running');
  return mcu;
};

async function connect(uno: SimulatedUno): Promise<{ io: FirmataIo; transport: ByteTransport }> {
  const transport = await uno.openTransport();
  const io = new Firmata(transport);
  await new Promise((resolve) => io.once('ready', resolve));
  return { io, transport };
}

async function awaitedWrites(uno: SimulatedUno, transport: ByteTransport): Promise<void> {
  const mcu = mcuOf(uno);
  const usart = mcu.usart;
  const bitsPerChar = 1 + usart.bitsPerChar + usart.stopBits + (usart.parityEnabled ? 1 : 0);
  const lineLimit = usart.baudRate / bitsPerChar / 3;
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let writes = 0;
  const sim0 = uno.simulatedMs;
  const cpu0 = process.cpuUsage();
  while (performance.now() < deadline && writes < 50_000) {
    const high = writes % 2 === 0;
    const t0 = performance.now();
    // DIGITAL_MESSAGE for port 1 (pins 8..15): pin 13 is bit 5.
    transport.write([0x91, high ? 0x20 : 0x00, 0x00]);
    await transport.flush();
    for (let spins = 0; ((mcu.cpu.data[PORTB]! & 0x20) !== 0) !== high; spins++) {
      if (spins > 100_000) throw new Error('PORTB never showed the write');
      await immediate();
    }
    latencies.push(performance.now() - t0);
    writes++;
  }
  const wall = performance.now() - started;
  const rate = writes / (wall / 1000);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `awaited writes (write + flush + PORTB shows it), ${writes} in ${SECONDS} s: ${fmt(rate, 0)}/s, ` +
      `p50 ${fmt(quantile(latencies, 0.5), 2)} ms, p99 ${fmt(quantile(latencies, 0.99), 2)} ms ` +
      `(the line: ${fmt(lineLimit, 0)} three-byte commands/s at ${fmt(usart.baudRate, 0)} baud); ` +
      `per write: ${fmt(((uno.simulatedMs - sim0) / writes) * 1000, 0)} µs simulated, ` +
      `${fmt((cpu.user + cpu.system) / writes, 0)} µs CPU; simulated/wall ${fmt((uno.simulatedMs - sim0) / wall, 3)}`,
  );
}

async function idleCpu(uno: SimulatedUno): Promise<void> {
  await sleep(500);
  const sim0 = uno.simulatedMs;
  const forgiven0 = uno.stats().forgivenLagMs;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const stats = uno.stats();
  console.log(
    `idle, paced, ${SECONDS} s: process CPU ${fmt(((cpu.user + cpu.system) / 1000 / wall) * 100)} % of one core, ` +
      `simulated/wall ${fmt((uno.simulatedMs - sim0) / wall, 4)} (lag forgiven: ${fmt(stats.forgivenLagMs - forgiven0)} ms), ` +
      `${fmt((stats.idleSkippedMs / stats.pacedSimulatedMs) * 100)} % of paced time skipped as idle`,
  );
}

async function millisTracking(uno: SimulatedUno, io: FirmataIo): Promise<void> {
  const interval = 10;
  const arrivals: number[] = [];
  const cycles: number[] = [];
  const listener = (): void => {
    arrivals.push(performance.now());
    cycles.push(mcuOf(uno).cycles);
  };
  io.setSamplingInterval(interval);
  io.reportAnalogPin(0, 1);
  await sleep(300);
  io.on('analog-read-0', listener);
  const forgiven0 = uno.stats().forgivenLagMs;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  io.off('analog-read-0', listener);
  io.reportAnalogPin(0, 0);
  const reports = arrivals.length - 1;
  const millisPerWallMs = (reports * interval) / (arrivals.at(-1)! - arrivals[0]!);
  const millisPerSimMs = (reports * interval) / (((cycles.at(-1)! - cycles[0]!) * 1000) / CLOCK_HZ);
  console.log(
    `millis() vs wall: A0 reported every ${interval} ms of the firmware's millis(), ${reports + 1} reports in ${SECONDS} s: ` +
      `millis/wall ${fmt(millisPerWallMs, 4)} (error ${fmt((millisPerWallMs - 1) * 100, 2)} %), ` +
      `millis/simulated ${fmt(millisPerSimMs, 4)} (lag forgiven: ${fmt(uno.stats().forgivenLagMs - forgiven0)} ms); process CPU ${fmt(((cpu.user + cpu.system) / 1000 / wall) * 100)} % of one core`,
  );
}

async function circuitTickToAck(label: string, make: () => { board: Board; close: () => Promise<void> }): Promise<void> {
  const { board, close } = make();
  await board.ready();
  const mesh = await startTestMesh({ board, iopin: { sequence: 3, hold: 0 } });
  const client = await ArticleClient.connect(nodeUrl(nodeAddressOf(mesh.circuit, 'iopin'), '/datafeed'));
  const toAck: number[] = [];
  for (let tick = 0; tick < TICKS; tick++) {
    const started = performance.now();
    const reply = await client.request(String(tick));
    if (reply !== 'acknowledged') throw new Error(`tick ${tick}: ${reply}`);
    toAck.push(performance.now() - started);
  }
  await client.close();
  await mesh.close();
  await close();
  console.log(
    `circuit tick → ack, simulated Uno, sequence 3, hold 0, ${TICKS} ticks, ${label}: ` +
      `p50 ${fmt(quantile(toAck, 0.5), 2)} ms, p90 ${fmt(quantile(toAck, 0.9), 2)} ms, p99 ${fmt(quantile(toAck, 0.99), 2)} ms`,
  );
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  const uno = new SimulatedUno();
  const { io, transport } = await connect(uno);
  io.pinMode(13, 1);
  await sleep(100);
  await awaitedWrites(uno, transport);
  await idleCpu(uno);
  await millisTracking(uno, io);
  await transport.close();
  uno.stop();
  await circuitTickToAck('pinmesh\'s own confirmation', () => {
    const { board } = createSimBoard();
    return { board, close: () => board.close() };
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
