import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeCircuitFile } from '../support/cli.js';
import { RecordedCli } from '../support/loaded-packages.js';

/** The Firmata stack, the serial port and the simulator: what only the sim and uno boards, flash, ports and probe need. */
const hardwarePackages = ['johnny-five', 'firmata-io', 'serialport', 'avr8js', 'nrf-intel-hex'];

function assertNoHardwarePackages(loaded: Set<string>, what: string): void {
  assert.ok(loaded.has('ws'), `${what}: the recorder saw the packages it loaded (ws among them)`);
  const hardware = [...loaded].filter((name) => hardwarePackages.includes(name) || name.startsWith('@serialport/'));
  assert.deepEqual(hardware, [], `${what} loaded ${hardware.join(', ')}`);
}

describe('a command loads only what it uses', () => {
  it('pinmesh circuit --board mock loads no Firmata, serial port or simulator package', async () => {
    const circuit = await freeCircuitFile();
    const cli = await RecordedCli.start(['circuit', '--board', 'mock', '--json', '--ticks', '1', '--delay', '0', '--hold', '0', '--circuit', circuit.path]);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assertNoHardwarePackages(await cli.packagesLoaded(), 'pinmesh circuit --board mock');
  });

  it('pinmesh buzzer and pinmesh iopin on the mock board load none of them either', async () => {
    const circuit = await freeCircuitFile();
    const buzzer = await RecordedCli.start(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
    const iopin = await RecordedCli.start(['iopin', '--board', 'mock', '--json', '--circuit', circuit.path]);
    // Both must be up before they are stopped: a process stopped while it starts has loaded nothing yet.
    await Promise.all([iopin.waitForEvent((e) => e.event === 'listening'), buzzer.waitForEvent((e) => e.event === 'listening')]);
    iopin.child.kill('SIGINT');
    buzzer.child.kill('SIGINT');
    await Promise.all([iopin.exited, buzzer.exited]);
    assertNoHardwarePackages(await buzzer.packagesLoaded(), 'pinmesh buzzer --board mock');
    assertNoHardwarePackages(await iopin.packagesLoaded(), 'pinmesh iopin --board mock');
  });

  it('pinmesh circuit --board mock loads three files of the bundle: cli.js, the cli chunk and the runtime chunk (scripts/start-chunks.mjs)', async () => {
    // Each file is a resolve, a read and a compile: esbuild's split alone made it 73 files, a sixth of a start on Node 20.
    const circuit = await freeCircuitFile();
    const cli = await RecordedCli.start(['circuit', '--board', 'mock', '--json', '--ticks', '1', '--delay', '0', '--hold', '0', '--circuit', circuit.path]);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    const files = await cli.bundleFilesLoaded();
    assert.deepEqual(
      files.map((name) => name.replace(/-[\w-]{8}\.js$/, '-….js')),
      ['cli-….js', 'cli.js', 'runtime-….js'],
      `loaded ${files.join(', ')}`,
    );
  });

  it('the recorder does see them when they are used (pinmesh probe --board sim)', async () => {
    const cli = await RecordedCli.start(['probe', '--board', 'sim', '--json']);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    const loaded = await cli.packagesLoaded();
    for (const name of ['johnny-five', 'firmata-io', 'avr8js', 'nrf-intel-hex']) assert.ok(loaded.has(name), `${name} recorded`);
  });
});
