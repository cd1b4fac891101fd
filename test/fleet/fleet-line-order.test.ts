/**
 * A node of a fleet says what happens in the order a person reads it: that it reached the broker
 * before what it found (or did not find) there, and that it serves before it is announced.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/cli.js';
import { FleetProcesses, within } from '../support/fleet-cli.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';

describe("the order of a fleet node's lines", { skip: mosquittoMissing() }, () => {
  const processes = new FleetProcesses();
  let broker: Mosquitto;

  before(async () => {
    broker = await Mosquitto.start();
  });
  after(async () => {
    await processes.killAll();
    await broker?.close();
  });

  it('pinmesh iopin --broker before its buzzer: "connected to the broker" comes before "waiting for buzzer"', async () => {
    const iopin = processes.start(['iopin', '--board', 'mock', '--broker', broker.url, '--host', '127.0.0.1', '--port', String(await freePort())]);
    const said = { iopin, broker: broker.output };
    await within(30_000, iopin.waitForLine((line) => line.startsWith('[ iopin ] waiting for buzzer')), 'the iopin waiting for its buzzer', said);
    await within(30_000, iopin.waitForLine((line) => line.startsWith('[ iopin ] announced on')), 'the iopin announced', said);
    iopin.child.kill('SIGINT');
    await iopin.exited;
    const at = (start: string) => iopin.lines.findIndex((line) => line.startsWith(`[ iopin ] ${start}`));
    const lines = `\n${iopin.lines.join('\n')}`;
    assert.ok(at('connected to the broker') >= 0, `it says it reached the broker:${lines}`);
    assert.ok(at('connected to the broker') < at('waiting for buzzer'), `the broker first, then what it has not heard of:${lines}`);
    assert.ok(at('connected to the broker') < at('serving on'), `the broker, then serving:${lines}`);
    assert.ok(at('serving on') < at('announced on'), `serving, then announced where it serves:${lines}`);
    assert.equal(iopin.lines.filter((line) => line.includes('connected to the broker')).length, 1, `said once:${lines}`);
  });
});
