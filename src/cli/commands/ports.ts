import type { Command } from 'commander';
import { boardAdvice, listSerialPorts, type SerialPortInfo } from '../../serial/list-ports.js';
import { simulatorPorts } from '../../serial/simulator-ports.js';

export interface PortsCommandDeps {
  /** Default: the OS's serial ports. */
  listPorts?: () => Promise<SerialPortInfo[]>;
  /** Default: the simulated boards of the `pinmesh sim --serial` running now. */
  listSimulators?: () => Promise<SerialPortInfo[]>;
  /** One line of human output (or the JSON document). Default: stdout. */
  print?: (line: string) => void;
}

export interface PortsFlags {
  json?: boolean;
}

const printToStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** The `pinmesh ports --json` document: every field present, null when unknown. */
export function portsAsJson(ports: readonly SerialPortInfo[]): string {
  return JSON.stringify(
    ports.map((port) => ({
      path: port.path,
      manufacturer: port.manufacturer ?? null,
      vendorId: port.vendorId ?? null,
      productId: port.productId ?? null,
      serialNumber: port.serialNumber ?? null,
      likelyArduino: port.likelyArduino,
      label: port.label ?? null,
      board: port.board ?? null,
      simulated: port.simulated === true,
    })),
    null,
    2,
  );
}

/** Human lines: a table with likely Arduinos marked "*", or a plain sentence when there are none. */
export function formatPorts(ports: readonly SerialPortInfo[]): string[] {
  if (ports.length === 0) {
    return [
      'No serial ports found. Plug the Arduino in with a USB data cable (some cables only carry power) and run `pinmesh ports` again.',
    ];
  }
  const header = ['PATH', 'USB ID', 'MANUFACTURER', 'SERIAL NUMBER', 'LOOKS LIKE'];
  const rows = ports.map((port) => [
    port.path,
    port.vendorId && port.productId ? `${port.vendorId}:${port.productId}` : '-',
    port.manufacturer ?? '-',
    port.serialNumber ?? '-',
    port.label ?? '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[], mark: string): string =>
    `${mark} ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd();

  const likely = ports.filter((port) => port.likelyArduino).length;
  const lines = [line(header, ' '), ...rows.map((row, i) => line(row, ports[i]!.likelyArduino ? '*' : ' '))];
  lines.push('');
  if (likely === 1) lines.push('* looks like an Arduino: pinmesh uses it when --serial-port is left out.');
  else if (likely > 1) lines.push('* looks like an Arduino: with several, pick one with --serial-port PATH.');
  else if (ports.some((port) => port.simulated)) lines.push('No port on USB looks like an Arduino: plug one in, or pass its port with --serial-port PATH; a simulated board is used only when named, as below.');
  else lines.push('None looks like an Arduino: plug it in, or pass its port with --serial-port PATH.');
  for (const port of ports) {
    const advice = boardAdvice(port);
    if (advice) lines.push(advice);
  }
  return lines;
}

/** `pinmesh ports`: lists every serial port, and the simulated boards of the `pinmesh sim --serial` running now. Resolves with the ports listed. */
export async function runPorts(flags: PortsFlags, deps: PortsCommandDeps = {}): Promise<SerialPortInfo[]> {
  const print = deps.print ?? printToStdout;
  const devices = await (deps.listPorts ?? (() => listSerialPorts()))();
  const ports = [...devices, ...(await (deps.listSimulators ?? (() => simulatorPorts()))())];
  if (flags.json) print(portsAsJson(ports));
  else for (const line of formatPorts(ports)) print(line);
  return ports;
}

export function register(program: Command, deps: PortsCommandDeps = {}): void {
  program
    .command('ports')
    .description('list serial ports, marking the ones that look like an Arduino, and the simulated boards pinmesh sim serves on serial ports now')
    .option('--json', 'print the ports as a JSON array')
    .action(async (flags: PortsFlags) => {
      await runPorts(flags, deps);
    });
}
