/** The broker as a directory, in process, against a real Mosquitto: found by name, remembered while the broker is away. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultDiscoveryPrefix, type BrokerSettings } from '../../src/fleet/broker.js';
import { Fleet } from '../../src/fleet/fleet.js';
import { NodeNotFoundYet } from '../../src/mesh/directory.js';
import { EventReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { MqttProbe } from '../support/mqtt-probe.js';

describe('the broker as the directory', { skip: mosquittoMissing() }, () => {
  let broker: Mosquitto;
  let announcing: Fleet;
  let asking: Fleet;
  const sink = memorySink();
  const reporter = new EventReporter([sink]);

  before(async () => {
    broker = await Mosquitto.start();
    const settings: BrokerSettings = { url: broker.url, keepalive: 10, fleet: 'directory', homeassistant: false, discoveryPrefix: defaultDiscoveryPrefix };
    announcing = new Fleet(settings, reporter, 'ghost');
    asking = new Fleet(settings, reporter, 'asker');
  });

  after(async () => {
    await asking?.close();
    await announcing?.close();
    await broker?.close();
  });

  it('finds an announced node by name: its address, and that it wants the token', async () => {
    await announcing.join({ name: 'ghost', sketch: 'ghost.ts', serves: { host: '127.0.0.1', port: 4242, token: true, tls: false }, version: '0.1.0' });
    const directory = asking.directory();
    assert.deepEqual(await directory.resolve('ghost'), { host: '127.0.0.1', port: 4242, token: true });
    assert.ok(sink.events.some((e) => e.node === 'asker' && e.event === 'found' && e.peer === 'ghost'));
  });

  it('a process that trusts only wss:// (given --tls-ca) believes no plain ws:// announcement: the broker cannot lure its token away', async () => {
    await assert.rejects(asking.directory({ tlsOnly: true }).resolve('ghost'), /ghost announced itself on .* without TLS .*--tls-cert/);
  });

  it('a node it never heard of is "not found yet": peer links ask again rather than give up', async () => {
    await assert.rejects(asking.directory().resolve('nobody'), (error: Error) => error instanceof NodeNotFoundYet && /nobody has not announced itself/.test(error.message));
  });

  it("a late last will of an earlier run (killed, restarted elsewhere) is answered: the live node says online again", async () => {
    const probe = await MqttProbe.open(broker.url, ['pinmesh/v1/directory/ghost/status']);
    try {
      await probe.waitFor('pinmesh/v1/directory/ghost/status', 'online');
      const late = performance.now();
      await probe.client.publishAsync('pinmesh/v1/directory/ghost/status', 'offline', { qos: 1, retain: true });
      await probe.waitFor('pinmesh/v1/directory/ghost/status', 'offline', late);
      await probe.waitFor('pinmesh/v1/directory/ghost/status', 'online', late);
    } finally {
      await probe.close();
    }
  });

  it('while the broker is away it keeps the last known address; the circuit file answers for nodes it never heard of', async () => {
    await broker.stop();
    const fallback = { knows: (name: string) => name === 'python-buzzer', directory: { resolve: async () => ({ host: '127.0.0.1', port: 8766 }) } };
    const directory = asking.directory({ fallback });
    assert.deepEqual(await directory.resolve('ghost'), { host: '127.0.0.1', port: 4242, token: true });
    assert.deepEqual(await directory.resolve('python-buzzer'), { host: '127.0.0.1', port: 8766 });
    await broker.startAgain();
  });
});
