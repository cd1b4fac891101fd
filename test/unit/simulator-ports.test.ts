/**
 * `pinmesh ports` and the simulator: the board of a `pinmesh sim --serial` running now is listed at
 * its link, marked simulated (never taken for a plugged-in Arduino); a link whose pty is gone, or
 * that points at no pty, is not (test/integration/sim-serial.test.ts runs it with a real simulator).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatPorts, portsAsJson, runPorts } from '../../src/cli/commands/ports.js';
import { describePort, type SerialPortInfo } from '../../src/serial/list-ports.js';
import { simulatorPorts } from '../../src/serial/simulator-ports.js';

const builtin = describePort({ path: '/dev/ttyS0' });
const simulated: SerialPortInfo = { path: '/run/user/1000/pinmesh-uno', manufacturer: undefined, vendorId: undefined, productId: undefined, serialNumber: undefined, likelyArduino: false, label: 'simulated Uno (pinmesh sim)', simulated: true };
const simulatedMega: SerialPortInfo = { ...simulated, path: '/tmp/mega', label: 'simulated Mega 2560 (pinmesh sim)', board: 'mega' };

describe('pinmesh ports and the simulator', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pinmesh-simulator-ports-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it('lists no simulator at a link whose pty is gone (a killed simulator’s), at a link to no pty, or where nothing is', async () => {
    const dangling = join(folder, 'dangling');
    await symlink('/dev/pts/999999', dangling);
    const notAPty = join(folder, 'not-a-pty');
    await symlink('/dev/null', notAPty);
    const aFile = join(folder, 'a-file');
    await writeFile(aFile, '');
    const notes = [dangling, notAPty, aFile, join(folder, 'nothing')].map((link) => ({ link, pid: process.pid, board: 'uno', bootloader: false }));
    assert.deepEqual(await simulatorPorts(notes), []);
  });

  it('shows a running simulator’s port after the devices, marked simulated, with how to use it; never as the Arduino to pick', async () => {
    const lines: string[] = [];
    await runPorts({}, { listPorts: async () => [builtin], listSimulators: async () => [simulated, simulatedMega], print: (line) => lines.push(line) });
    assert.match(lines[2]!, /^ {2}\/run\/user\/1000\/pinmesh-uno\s+-\s+-\s+-\s+simulated Uno \(pinmesh sim\)$/);
    assert.ok(lines.includes("/run/user/1000/pinmesh-uno: pinmesh sim's simulated board: pass --serial-port /run/user/1000/pinmesh-uno"), lines.join('\n'));
    assert.ok(lines.includes("/tmp/mega: pinmesh sim's simulated board: pass --serial-port /tmp/mega --board mega"), lines.join('\n'));
    assert.ok(lines.includes('No port on USB looks like an Arduino: plug one in, or pass its port with --serial-port PATH; a simulated board is used only when named, as below.'), lines.join('\n'));
    assert.doesNotMatch(lines.join('\n'), /None looks like an Arduino Uno/, 'a simulated Mega is listed: "Uno" was not true');
    assert.ok(formatPorts([builtin]).includes('None looks like an Arduino: plug it in, or pass its port with --serial-port PATH.'));
  });

  it('--json says which port is simulated', () => {
    const [device, simulator] = JSON.parse(portsAsJson([builtin, simulated])) as Array<Record<string, unknown>>;
    assert.equal(device!.simulated, false);
    assert.deepEqual(simulator, { path: '/run/user/1000/pinmesh-uno', manufacturer: null, vendorId: null, productId: null, serialNumber: null, likelyArduino: false, label: 'simulated Uno (pinmesh sim)', board: null, simulated: true });
  });
});
