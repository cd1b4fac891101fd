/** Hostile announcements on a real Mosquitto: huge or malformed retained messages are ignored, never kept. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultDiscoveryPrefix, type BrokerSettings } from '../../src/fleet/broker.js';
import { BrokerConnection, maxBrokerPacket } from '../../src/fleet/broker-connection.js';
import { Fleet } from '../../src/fleet/fleet.js';
import { maxAnnouncementBytes } from '../../src/fleet/node-info.js';
import { EventReporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { MqttProbe } from '../support/mqtt-probe.js';

const fleet = 'limits';
const infoTopic = (node: string) => `pinmesh/v1/${fleet}/${node}/info`;

describe('a node reading the fleet ignores oversized and malformed announcements', { skip: mosquittoMissing() }, () => {
  let broker: Mosquitto;
  let settings: BrokerSettings;
  let publisher: MqttProbe;

  before(async () => {
    broker = await Mosquitto.start();
    settings = { url: broker.url, keepalive: 10, fleet, homeassistant: false, discoveryPrefix: defaultDiscoveryPrefix };
    publisher = await MqttProbe.open(broker.url, [`pinmesh/v1/${fleet}/_publisher`]);
    // Six retained 4 MB "announcements", one just over the announcement cap, one that is no JSON.
    for (let i = 0; i < 6; i++) await publisher.client.publishAsync(infoTopic(`huge${i}`), Buffer.alloc(4 << 20, 0x61), { qos: 1, retain: true });
    await publisher.client.publishAsync(infoTopic('wordy'), JSON.stringify({ node: 'wordy', padding: 'x'.repeat(maxAnnouncementBytes) }), { qos: 1, retain: true });
    await publisher.client.publishAsync(infoTopic('junk'), '{not json', { qos: 1, retain: true });
  });

  after(async () => {
    await publisher?.close();
    await broker?.close();
  });

  it('the broker never sends this client a packet over its cap, so no huge message reaches its memory', async () => {
    const connection = new BrokerConnection(settings);
    const sizes: number[] = [];
    connection.client.on('message', (_topic, payload) => sizes.push(payload.length));
    try {
      await connection.started();
      await connection.client.subscribeAsync(`pinmesh/v1/${fleet}/+/info`, { qos: 1 });
      // The retained messages of a subscription come before the echo of anything published after it.
      await connection.client.publishAsync(infoTopic('marker'), '', { qos: 1 });
      while (!sizes.includes(0)) await new Promise((resolve) => connection.client.once('message', resolve));
      assert.ok(sizes.length >= 3, `received ${sizes.length}`);
      assert.ok(sizes.every((size) => size <= maxBrokerPacket), `received sizes ${sizes}`);
    } finally {
      await connection.close();
    }
  });

  it('a bad announcement is one warning per node; the nodes that announce properly are still found', async () => {
    const sink = memorySink();
    const announcing = new Fleet(settings, new EventReporter([]), 'good');
    const asking = new Fleet(settings, new EventReporter([sink]), 'asker');
    try {
      await announcing.join({ name: 'good', sketch: 'buzzer', serves: { host: '127.0.0.1', port: 4243, token: false, tls: false }, version: '0.1.0' });
      assert.deepEqual(await asking.directory().resolve('good'), { host: '127.0.0.1', port: 4243 });
      await publisher.client.publishAsync(infoTopic('junk'), '{still not json', { qos: 1, retain: true });
      await assert.rejects(asking.directory().resolve('huge0'), /huge0 has not announced itself/);
      await assert.rejects(asking.directory().resolve('wordy'), /wordy has not announced itself/);
      const warnings = sink.events.flatMap((e) => (e.event === 'warning' && e.code === 'bad-announcement' ? [e.warning] : []));
      assert.equal(warnings.filter((w) => w.startsWith('ignored the announcement of wordy')).length, 1, warnings.join('\n'));
      assert.match(warnings.find((w) => w.includes('wordy'))!, new RegExp(`more than ${maxAnnouncementBytes}`));
      assert.equal(warnings.filter((w) => w.startsWith('ignored the announcement of junk')).length, 1, 'junk twice, said once');
      assert.match(warnings.find((w) => w.includes('junk'))!, /not a pinmesh announcement/);
    } finally {
      await asking.close();
      await announcing.close();
    }
  });
});
