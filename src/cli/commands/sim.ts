import { basename } from 'node:path';
import type { Command } from 'commander';
import { buttonPressOn } from '../../boards/sim/button-press.js';
import { UserError } from '../../errors.js';
import { hostPort } from '../../host-port.js';
import { defaultLinkPath } from '../../sim-serial/link-path.js';
import { HeldReports } from '../../report/held-reports.js';
import { outputOptions, type OutputOptions } from '../common-options.js';
import { pressWithKeys } from '../extensions/key-presses.js';
import { recordOption, recordSession, type RecordFlags } from '../extensions/record.js';
import { simViewOptions, viewSimulatedBoard, type SimViewFlags } from '../extensions/sim-view.js';
import * as parse from '../parse.js';
import { adviseOnUsageErrors } from '../usage-advice.js';
import { Session } from '../session.js';
import type { SimulatedUno } from '../../boards/sim/simulated-uno.js';
import { NO_AUTHENTICATION_WARNING } from '../../security/firmata-over-tcp.js';
import { PortUnavailableError } from '../../net/listen.js';
import { isLoopback } from '../../security/loopback.js';

interface SimFlags extends OutputOptions, RecordFlags, SimViewFlags {
  serial?: boolean;
  tcp?: number;
  tcpHost: string;
  link: string;
  buttonPin: number;
  firmware?: string;
  bootloader?: string;
  board: string;
}

/** What `pinmesh sim --board` takes: the boards the simulator can be. */
const SIM_BOARDS = ['uno', 'mega'] as const;

function simBoard(value: string): (typeof SIM_BOARDS)[number] {
  const board = SIM_BOARDS.find((name) => name === value);
  if (!board) throw new UserError(`pinmesh sim simulates an Uno or a Mega 2560: --board uno (the default) or --board mega, not "${value}"`);
  return board;
}

/**
 * `pinmesh sim --serial`: the simulated Uno (the real StandardFirmata) as a serial port, until
 * Ctrl-C. Any Firmata client opens it as a real Uno; so does `pinmesh … --board uno --serial-port PATH`.
 */
export function registerSimCommand(program: Command): void {
  const sim = program
    .command('sim')
    .description('run the simulated Uno (StandardFirmata on an emulated ATmega328P; --board mega: a Mega 2560, an ATmega2560) as a serial port or a TCP port any Firmata client can open, until Ctrl-C: pinmesh sim --serial, pinmesh sim --tcp 3030')
    .option('--board <board>', 'which board to simulate: uno, or mega (the Mega 2560 running its own StandardFirmata; drive it as --board mega)', 'uno')
    .option('--serial', '(required unless --tcp) expose it as a serial port: a pseudo-terminal made by socat, at --link')
    .option('--link <path>', 'path of the serial port (a link to the pseudo-terminal); with --board mega, pinmesh-mega beside it', defaultLinkPath())
    .option('--tcp <port>', 'expose it on a TCP port instead (or as well): Firmata over TCP, as StandardFirmataWiFi speaks it: other commands drive it as the board tcp://127.0.0.1:PORT', parse.port)
    .option('--tcp-host <host>', 'address the TCP port listens on; beyond loopback anyone who reaches it drives the board (Firmata has no authentication)', '127.0.0.1')
    .option('--button-pin <pin>', 'pin of the push button that space or Enter presses (to GND)', parse.pin, 2)
    .option('--firmware <file.hex>', 'run this compiled program for the board\'s chip (ATmega328P; ATmega2560 with --board mega) (Intel HEX, e.g. a sketch built by the Arduino IDE) instead of StandardFirmata')
    .option('--bootloader <file.hex>', 'put this bootloader in the boot section: every reset (opening the port) starts it, so a flasher (avrdude -c arduino; -c wiring for the Mega) can upload to the board');
  adviseOnUsageErrors(sim, linkAdvice);
  recordOption(sim);
  simViewOptions(sim);
  outputOptions(sim).action((flags: SimFlags) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const model = simBoard(flags.board);
      // The default names the board: a Mega's port is not called pinmesh-uno.
      const link = sim.getOptionValueSource('link') === 'default' ? defaultLinkPath(process.env, model) : flags.link;
      if (!flags.serial && flags.tcp === undefined) throw new UserError('pinmesh sim runs the simulated Uno on a serial port or a TCP port: add --serial (pinmesh sim --serial) or --tcp PORT');
      const { reporter } = session;
      const node = model;
      // Loaded when run: other commands never load the simulator.
      const { SimulatedUno } = await import('../../boards/sim/simulated-uno.js');
      const recording = flags.record === undefined ? undefined : recordSession(session, flags.record);
      const viewed = flags.view ? await viewSimulatedBoard(session, flags.viewPort, basename(flags.firmware ?? 'StandardFirmata.ino'), model) : undefined;
      const uno = new SimulatedUno({
        model,
        // The user's firmware, or pinmesh's StandardFirmata for the board, fetched and verified on first use as --board sim's is: an
        // install that ran no scripts (npm 11 asks before it runs a package's) has none in the package.
        ...(flags.firmware ? { hexPath: flags.firmware, userFirmware: true } : { hexPath: await standardFirmata(model) }),
        ...(flags.bootloader ? { bootloaderPath: flags.bootloader } : {}),
      });
      session.defer(() => uno.stop());
      recording?.watchUno(uno);
      let failed = new Promise<never>(() => undefined);
      let bridge: import('../../sim-serial/serial-bridge.js').SerialBridge | undefined;
      if (flags.serial) {
        const { SerialBridge } = await import('../../sim-serial/serial-bridge.js');
        const serial = new SerialBridge(uno, { link });
        bridge = serial;
        session.defer(() => serial.close());
        failed = new Promise<never>((_, reject) => serial.on('error', reject));
        const board = model !== 'uno' ? { board: model } : {};
        serial.on('opened', () => reporter.report(node, { event: 'client', action: 'opened', path: link, ...board }));
        serial.on('closed', () => reporter.report(node, { event: 'client', action: 'closed', path: link, ...board }));
      }
      // What the firmware does to the MCU's pins, as the MCU shows it: its power-on blink after the lines that say where the board is.
      const pins = new HeldReports(reporter);
      uno.on('pin', (observation) => pins.report(node, { event: 'pin', ...observation }));
      warnOfOverruns(uno, (warning) => pins.report(node, { event: 'warning', code: 'PINMESH_SERIAL_OVERRUN', warning }));
      const duties = new Map<number, number>();
      uno.on('pwm', (pin, state, at) => {
        const duty = state.driving ? state.ocr : 0;
        if ((duties.get(pin) ?? 0) === duty) return;
        duties.set(pin, duty);
        pins.report(node, { event: 'pwm', pin, duty, ...(state.frequency !== undefined && duty > 0 ? { frequency: state.frequency } : {}), at, source: 'mcu' });
      });
      const tcpUrl = flags.tcp === undefined ? undefined : await exposeOnTcp(uno, flags.tcp, flags.tcpHost, session, node);
      if (bridge) {
        const place = await bridge.start();
        // So that pinmesh flash knows this port is the simulator's, and whether it can be flashed.
        const { leaveSimulatorPortNote } = await import('../../serial/simulator-port-note.js');
        session.defer(await leaveSimulatorPortNote({ link: place.link, board: model, bootloader: flags.bootloader !== undefined }));
        reporter.report(node, { event: 'serial', path: place.link, pty: place.pty, ...(model !== 'uno' && { board: model }), bootloader: flags.bootloader !== undefined });
      }
      viewed?.(bridge ? link : tcpUrl!);
      pressWithKeys(buttonPressOn(uno), flags.buttonPin, session, node);
      pins.release();
      await Promise.race([session.stopped(), failed]);
    }),
  );
}

/** `pinmesh sim --serial /tmp/uno` (a path where --link takes it): commander's "too many arguments", and where the path goes. */
function linkAdvice(text: string, command: Command): string {
  const path = command.args.find(parse.looksLikeSerialPort);
  if (!/^error: too many arguments/.test(text) || path === undefined) return text;
  return `${text.trimEnd()} The serial port's path goes in --link PATH: pinmesh sim --serial --link ${path}\n`;
}

/** `--tcp PORT`: the simulated Uno's serial line on a TCP port (sim-serial/tcp-bridge.ts), warned about beyond loopback; resolves with its URL. */
async function exposeOnTcp(uno: SimulatedUno, port: number, host: string, session: Session, node: string): Promise<string> {
  const { TcpBridge } = await import('../../sim-serial/tcp-bridge.js');
  const { reporter } = session;
  if (!isLoopback(host)) reporter.report(node, { event: 'warning', warning: `listening on ${host}: ${NO_AUTHENTICATION_WARNING}` });
  const tcp = new TcpBridge(uno, { port, host });
  session.defer(() => tcp.close());
  const board = node !== 'uno' ? { board: node } : {};
  tcp.on('opened', (remote) => reporter.report(node, { event: 'tcp-client', action: 'opened', remote, ...board }));
  tcp.on('closed', (remote) => reporter.report(node, { event: 'tcp-client', action: 'closed', remote, ...board }));
  tcp.on('refused', (remote) => reporter.report(node, { event: 'tcp-client', action: 'refused', remote, ...board }));
  const bound = await tcp.start().catch((error: unknown) => {
    throw error instanceof PortUnavailableError ? error.withAdvice('choose another with --tcp PORT') : error;
  });
  const url = `tcp://${hostPort(bound.host, bound.port)}`;
  reporter.report(node, { event: 'tcp', url, ...(node !== 'uno' && { board: node }) });
  return url;
}

/** pinmesh's StandardFirmata for the simulated board (firmware/firmware.json, firmware-mega.json), fetched and verified on first use. */
async function standardFirmata(model: 'uno' | 'mega'): Promise<string> {
  const { firmwarePath } = await import('../../firmware/ensure-firmware.js');
  if (model === 'uno') return firmwarePath({ need: { board: 'uno', for: 'the simulated Uno' } });
  const { readFirmwareManifest } = await import('../../firmware/firmware-manifest.js');
  return firmwarePath({ manifest: readFirmwareManifest(undefined, 'mega'), need: { board: 'mega', for: 'the simulated Mega 2560' } });
}

/**
 * A byte the firmware lost because it did not read the serial port in time (the chip's data
 * overrun): a flasher or a program on the port then waits for a reply that never comes. Said at
 * the first one, then at most once a simulated second, with the count so far.
 */
function warnOfOverruns(uno: SimulatedUno, warn: (warning: string) => void): void {
  let lastAt = Number.NEGATIVE_INFINITY;
  uno.on('overrun', (overruns, at) => {
    if (at - lastAt < 1000) return;
    lastAt = at;
    warn(`the firmware lost a byte from the serial port at ${Math.round(at)} ms (it had not read the two before it: a receive overrun, ${overruns} since it powered on)`);
  });
}
