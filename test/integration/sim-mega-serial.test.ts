/**
 * `pinmesh sim --board mega --serial` as a newcomer meets it in a terminal: it says first where its
 * port is, names itself a Mega 2560 (never an Uno) and its port pinmesh-mega, and a probe of it as
 * an Uno (the default) says to pass --board mega.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findSocat } from '../../src/sim-serial/socat.js';
import { freePort, startCli, type CliProcess } from '../support/cli.js';

const skip = findSocat() ? false : 'socat is not installed (apt-get install socat): it makes the pseudo-terminal';

describe('pinmesh sim --board mega --serial, in a terminal', { skip, timeout: 120_000 }, () => {
  let env: { XDG_RUNTIME_DIR: string };
  let sim: CliProcess;
  let link: string;

  before(async () => {
    // Its own runtime folder: the default port is made there, and its note read from there.
    env = { XDG_RUNTIME_DIR: await mkdtemp(join(tmpdir(), 'pinmesh-runtime-')) };
    link = join(env.XDG_RUNTIME_DIR, 'pinmesh-mega');
    sim = startCli(['sim', '--board', 'mega', '--serial'], env);
    await sim.waitForLine((line) => /stdin is not a terminal/.test(line));
  });
  after(async () => {
    sim?.child.kill('SIGINT');
    await sim?.exited;
    await rm(env.XDG_RUNTIME_DIR, { recursive: true, force: true });
  });

  it('starts with where its port is, pinmesh-mega by default, then the keys; the firmware’s power-on blink follows them', async () => {
    // The port is given at power-on and the firmware boots meanwhile: its blink may come after the keys' line is read.
    await sim.waitForLine((line) => /pin 13 → HIGH/.test(line));
    assert.match(sim.lines[0]!, new RegExp(`^\\[ mega \\] simulated Mega 2560 on serial port ${link} \\(→ /dev/pts/\\d+\\); use it with --board mega --serial-port ${link}$`));
    assert.equal(sim.lines[1], '[ mega ] stdin is not a terminal: no keys press the simulated button on pin 2');
    assert.match(sim.lines[2] ?? '', /^\[ mega \] pin 13 → HIGH \(observed on the MCU\)$/, sim.lines.join('\n'));
  });

  it('probed as an Uno (no --board), says it is a Mega and what to pass; a client’s open and close name the Mega 2560', async () => {
    const probed = await startCli(['probe', '--serial-port', link], env).exited;
    assert.equal(probed.code, 0, probed.stderr);
    assert.match(probed.stdout, /^board: StandardFirmata\.ino reports 70 pins: likely an Arduino Mega 2560$/m);
    assert.ok(
      probed.stdout.includes(`probed as --board uno, but its firmware reports an Arduino Mega 2560's pins: drive it with --board mega (pinmesh probe --board mega --serial-port ${link})`),
      probed.stdout,
    );
    await sim.waitForLine((line) => line === `[ mega ] the client closed ${link}; the simulated Mega 2560 runs on`);
    assert.ok(sim.lines.includes(`[ mega ] a client opened ${link}: the simulated Mega 2560 resets, as DTR resets a real Mega 2560`), sim.lines.join('\n'));
    assert.doesNotMatch(sim.lines.join('\n'), /Uno/);
  });

  it('driven as an Uno by pinmesh run (no --board), says once, after the board line, that it is a Mega and what to pass; driven as a Mega, says nothing of it', async () => {
    const sketch = join(env.XDG_RUNTIME_DIR, 'lamp.mjs');
    await writeFile(sketch, "import { Sketch } from 'pinmesh';\nexport default class Lamp extends Sketch {\n  loop() {\n    return 'on';\n  }\n}\n");
    for (const board of ['uno', 'mega']) {
      const run = startCli(['run', sketch, '--board', board, '--serial-port', link, '--port', String(await freePort())], env);
      await run.waitForLine((line) => /serving on/.test(line));
      run.child.kill('SIGINT');
      await run.exited;
      const warnings = run.lines.filter((line) => /firmware reports/.test(line));
      if (board === 'mega') assert.deepEqual(warnings, [], run.lines.join('\n'));
      else {
        assert.deepEqual(warnings, ["[ board ] driven as --board uno, but its firmware reports an Arduino Mega 2560's pins: pass --board mega, so that its pins, LED and flashing are the Arduino Mega 2560's"]);
        assert.equal(run.lines.indexOf(warnings[0]!), run.lines.findIndex((line) => /^\[ board \] StandardFirmata/.test(line)) + 1, run.lines.join('\n'));
      }
    }
  });

  it('is listed by pinmesh ports as the simulated Mega 2560 at pinmesh-mega', async () => {
    const listed = await startCli(['ports', '--json'], env).exited;
    const port = (JSON.parse(listed.stdout) as Array<Record<string, unknown>>).find((entry) => entry.path === link);
    assert.deepEqual([port?.label, port?.board, port?.simulated], ['simulated Mega 2560 (pinmesh sim)', 'mega', true]);
  });
});
