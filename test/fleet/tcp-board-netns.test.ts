/**
 * A Firmata board on the network, across hosts: the simulated Uno exposed on its host's LAN address
 * (`pinmesh sim --tcp 3030 --tcp-host ADDRESS`), as a StandardFirmataWiFi board would be, driven
 * from another host with `--board tcp://ADDRESS:3030`. Two Linux network namespaces made by this
 * test, joined by a bridge (test/support/netns.ts): nothing on 10.254.78.0/24 exists outside them.
 * Both ends warn, once, that Firmata over TCP has no authentication. Skipped, saying why, where
 * namespaces cannot be made (not root, no iproute2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CliProcess } from '../support/cli.js';
import { FleetProcesses } from '../support/fleet-cli.js';
import { TestHosts } from '../support/netns.js';

const subnet = '10.254.78';
const skip = TestHosts.unavailable();
const noAuthentication = /Firmata over TCP has no authentication of its own/;
const everyNoAuthentication = new RegExp(noAuthentication.source, 'g');

describe('a Firmata board on the network: the simulated Uno on one host, driven from another over TCP', { skip, timeout: 180_000 }, () => {
  const processes = new FleetProcesses();
  let hosts: TestHosts;
  let sim: CliProcess;
  let url: string;
  const pinmesh = (host: string, args: string[]) => processes.start(args, { netns: hosts.netns(host) });

  before(() => {
    hosts = TestHosts.create(subnet, { board: 1, desk: 2 });
  });

  after(async () => {
    await processes.killAll();
    hosts?.destroy();
    assert.deepEqual(TestHosts.existing(hosts.prefix), [], 'every namespace the test made is gone');
  });

  it('pinmesh sim --tcp on a LAN address listens there and warns that Firmata over TCP has no authentication', async () => {
    sim = pinmesh('board', ['sim', '--tcp', '3030', '--tcp-host', hosts.addresses.board!, '--json']);
    const warning = await sim.waitForEvent((e) => e.event === 'warning');
    assert.match(String(warning.warning), noAuthentication);
    url = String((await sim.waitForEvent((e) => e.event === 'tcp')).url);
    assert.equal(url, `tcp://${hosts.addresses.board}:3030`);
  });

  it('pinmesh probe --board tcp://… from the other host names the board, and warns once', async () => {
    const result = await pinmesh('desk', ['probe', '--board', url]).exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^board: StandardFirmata\.ino reports 20 pins: likely an Arduino Uno$/m);
    assert.equal(result.stderr.match(everyNoAuthentication)?.length, 1, result.stderr);
  });

  it("the article's circuit runs from the other host on that board: the iopin's pin 13 and the piezo seen on the MCU", async () => {
    const circuit = await pinmesh('desk', ['circuit', '--board', url, '--json', '--ticks', '2', '--chance', '0', '--delay', '0', '--hold', '0']).exited;
    assert.equal(circuit.code, 0, circuit.stderr);
    const events = circuit.stdout.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(events.filter((e) => e.event === 'warning' && noAuthentication.test(String(e.warning))).length, 1, 'warned once');
    assert.ok(events.some((e) => e.event === 'ack' && e.tick === 1), 'every tick acknowledged');
    await sim.waitForEvent((e) => e.event === 'pwm' && e.pin === 3 && Number(e.duty) > 0);
    await sim.waitForEvent((e) => e.event === 'pin' && e.pin === 13);
  });
});
