/**
 * Figures for the simulated Uno:   node --import tsx bench/sim.ts [--seconds N]
 *
 *  - boot-to-ready: openTransport() → firmata-io 'ready' (DTR reset, fast-forwarded boot,
 *    handshake and capability queries at 57600 baud), wall ms;
 *  - real-time factor: simulated seconds per wall second running flat out (paced: false),
 *    StandardFirmata idling with a host attached;
 *  - idle CPU cost when paced: process.cpuUsage() over N wall seconds, as % of one core;
 *  - latency from a host digitalWrite() to the MCU pin edge (simulated ms, ≈ wall when paced)
 *    and to the 'pin' event reaching a listener (wall ms, includes the toggle window).
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { PinObservation } from '../src/boards/board.js';
import { SimulatedUno } from '../src/boards/sim/index.js';
import type { ByteTransport } from '../src/serial/byte-transport.js';

const require = createRequire(import.meta.url);
interface FirmataBoard extends EventEmitter {
  firmware: { name: string; version: { major: number; minor: number } };
  digitalWrite(pin: number, value: 0 | 1): void;
  pinMode(pin: number, mode: number): void;
}
const { Firmata } = require('firmata-io') as { Firmata: new (t: ByteTransport) => FirmataBoard };

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(uno: SimulatedUno): Promise<{ board: FirmataBoard; transport: ByteTransport; ms: number }> {
  const t0 = performance.now();
  const transport = await uno.openTransport();
  const board = new Firmata(transport);
  await new Promise((resolve) => board.once('ready', resolve));
  return { board, transport, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);

  // Boot-to-ready, paced as in real use.
  let t0 = performance.now();
  const uno = new SimulatedUno();
  const loadMs = performance.now() - t0;
  const boots: number[] = [];
  let link = await connect(uno);
  boots.push(link.ms);
  console.log(`firmware: ${link.board.firmware.name} ${link.board.firmware.version.major}.${link.board.firmware.version.minor}`);
  for (let i = 0; i < 4; i++) {
    await link.transport.close();
    link = await connect(uno);
    boots.push(link.ms);
  }
  const boot = uno.stats().lastBoot;
  console.log(`hex load + MCU build: ${fmt(loadMs)} ms`);
  console.log(
    `boot-to-ready (openTransport → firmata ready), 5 runs: first ${fmt(boots[0]!, 0)} ms, median ${fmt(median(boots), 0)} ms ` +
      `(of which the last boot: ${fmt(boot?.wallMs ?? NaN, 0)} ms wall for ${fmt(boot?.simulatedMs ?? NaN, 0)} simulated ms, ` +
      `${fmt(boot?.restoredMs ?? 0, 0)} of them put back from the boot snapshot; the first of a firmware runs in full)`,
  );

  // Latency host digitalWrite → MCU edge and → 'pin' event.
  link.board.pinMode(13, 1);
  const edgeSim: number[] = [];
  const eventWall: number[] = [];
  for (let i = 0; i < 20; i++) {
    const value = (i % 2 === 0 ? 1 : 0) as 0 | 1;
    const seen = new Promise<PinObservation>((resolve) => {
      const listener = (o: PinObservation): void => {
        if (o.pin !== 13 || o.value !== value) return;
        uno.off('pin', listener);
        resolve(o);
      };
      uno.on('pin', listener);
    });
    const simAtWrite = uno.simulatedMs;
    const wallAtWrite = performance.now();
    link.board.digitalWrite(13, value);
    const observation = await seen;
    eventWall.push(performance.now() - wallAtWrite);
    edgeSim.push(observation.at - simAtWrite);
    await idle(20);
  }
  console.log(
    `digitalWrite → MCU pin edge: median ${fmt(median(edgeSim), 2)} ms, max ${fmt(Math.max(...edgeSim), 2)} ms (simulated; paced ≈ wall)`,
  );
  console.log(
    `digitalWrite → 'pin' event delivered: median ${fmt(median(eventWall), 1)} ms, max ${fmt(Math.max(...eventWall), 1)} ms wall ` +
      '(includes the 10 ms toggle window)',
  );

  // Idle CPU cost, paced, host attached, firmware idling.
  await idle(500);
  const busyBefore = uno.stats().pacedBusyMs;
  const simBefore = uno.simulatedMs;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  await idle(SECONDS * 1000);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const busy = uno.stats().pacedBusyMs - busyBefore;
  console.log(
    `idle, paced, ${SECONDS} s: process CPU ${fmt(((cpu.user + cpu.system) / 1000 / wall) * 100)} % of one core ` +
      `(CPU loop ${fmt((busy / wall) * 100)} %), simulated/wall ${fmt((uno.simulatedMs - simBefore) / wall, 3)}`,
  );
  uno.stop();

  // Real-time factor, unpaced.
  const flat = new SimulatedUno({ paced: false });
  await connect(flat);
  await idle(300);
  const flatSim0 = flat.simulatedMs;
  t0 = performance.now();
  await idle(SECONDS * 1000);
  const rtf = (flat.simulatedMs - flatSim0) / (performance.now() - t0);
  console.log(`real-time factor, unpaced, host attached: ${fmt(rtf, 2)} simulated s per wall s`);
  flat.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
