/** The fleet's parts on their own, with no broker: topics, broker settings, announcements, discovery, listing. */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PinClaims } from '../../src/boards/pin-claims.js';
import { readBroker } from '../../src/cli/broker-options.js';
import { brokerLabel, parseBrokerUrl } from '../../src/fleet/broker.js';
import { fleetTable, listedNode } from '../../src/fleet/fleet-listing.js';
import { discoveryMessages } from '../../src/fleet/homeassistant.js';
import { localAddressTowards } from '../../src/fleet/local-address.js';
import { parseNodeInfo, type NodeInfo } from '../../src/fleet/node-info.js';
import { NodeTopics, fleetFilters, parsePresenceTopic } from '../../src/fleet/topics.js';
import { parseCircuit, type Circuit } from '../../src/mesh/circuit.js';
import { UserError } from '../../src/errors.js';

const info: NodeInfo = {
  node: 'buzzer',
  url: 'ws://192.0.2.3:8766',
  host: '192.0.2.3',
  port: 8766,
  token: true,
  tls: false,
  sketch: 'buzzer',
  board: { kind: 'uno', firmware: 'StandardFirmata.ino', version: '2.5', port: '/dev/ttyACM0' },
  pinmesh: '0.1.0',
  since: '2026-01-01T00:00:00.000Z',
};

describe('the topic scheme: pinmesh/v1/<fleet>/<node>/…', () => {
  it('names every topic of a node under one prefix', () => {
    const topics = new NodeTopics('kitchen', 'buzzer');
    assert.equal(topics.status, 'pinmesh/v1/kitchen/buzzer/status');
    assert.equal(topics.info, 'pinmesh/v1/kitchen/buzzer/info');
    assert.equal(topics.seen, 'pinmesh/v1/kitchen/buzzer/seen');
    assert.equal(topics.state('board'), 'pinmesh/v1/kitchen/buzzer/state/board');
    assert.equal(topics.state('piezo', 3), 'pinmesh/v1/kitchen/buzzer/state/piezo/3');
    assert.deepEqual(fleetFilters('kitchen'), ['pinmesh/v1/kitchen/+/status', 'pinmesh/v1/kitchen/+/info', 'pinmesh/v1/kitchen/+/seen']);
  });

  it('refuses names that are not one plain topic level', () => {
    for (const bad of ['a/b', '+', '#', 'x+', '', '9lives']) assert.throws(() => new NodeTopics(bad, 'buzzer'), UserError);
    assert.throws(() => new NodeTopics('kitchen', 'buz/zer'), /bad node name/);
  });

  it('reads a presence topic back, and ignores anything else', () => {
    assert.deepEqual(parsePresenceTopic('pinmesh/v1/kitchen/iopin/info'), { fleet: 'kitchen', node: 'iopin', leaf: 'info' });
    assert.equal(parsePresenceTopic('pinmesh/v1/kitchen/iopin/state/board'), undefined);
    assert.equal(parsePresenceTopic('pinmesh/v2/kitchen/iopin/info'), undefined);
    assert.equal(parsePresenceTopic('pinmesh/v1/kitchen/_sync/info'), undefined);
  });
});

describe('the broker settings', () => {
  it('mqtt:// and mqtts:// with their default ports; a user name may be in the URL', () => {
    assert.deepEqual(parseBrokerUrl('mqtt://192.0.2.1'), { url: 'mqtt://192.0.2.1:1883' });
    assert.deepEqual(parseBrokerUrl('mqtts://broker.lan'), { url: 'mqtts://broker.lan:8883' });
    assert.deepEqual(parseBrokerUrl('mqtt://alice@192.0.2.1:1884'), { url: 'mqtt://192.0.2.1:1884', username: 'alice' });
    assert.equal(brokerLabel({ url: 'mqtt://192.0.2.1:1884', username: 'alice' }), 'mqtt://alice@192.0.2.1:1884');
  });

  it('a password in the URL, another scheme or a path is one line of advice', () => {
    assert.throws(() => parseBrokerUrl('mqtt://alice:secret@192.0.2.1'), (error: Error) => error instanceof UserError && /--broker-password-file/.test(error.message) && !error.message.includes('secret@'));
    assert.throws(() => parseBrokerUrl('ws://192.0.2.1:9001'), /ws:\/\/ is not supported/);
    assert.throws(() => parseBrokerUrl('192.0.2.1:1883'), UserError);
    assert.throws(() => parseBrokerUrl('mqtt://192.0.2.1/topic'), /no path or query/);
  });

  it('credentials come from a file or the environment, the user from the URL first; a password without a user is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-broker-'));
    const file = join(dir, 'password');
    await writeFile(file, 'from-the-file\n', { mode: 0o600 });
    const circuit = { nodes: { buzzer: { host: '127.0.0.1', port: 1 } } } as Circuit;
    const fromFile = await readBroker({ broker: 'mqtt://bob@127.0.0.1:1883', brokerPasswordFile: file }, circuit, {});
    assert.deepEqual([fromFile?.username, fromFile?.password], ['bob', 'from-the-file']);
    const fromEnv = await readBroker({ broker: 'mqtt://127.0.0.1:1883' }, circuit, { PINMESH_BROKER_USERNAME: 'carol', PINMESH_BROKER_PASSWORD: 'from-env' });
    assert.deepEqual([fromEnv?.username, fromEnv?.password], ['carol', 'from-env']);
    await assert.rejects(readBroker({ broker: 'mqtt://127.0.0.1:1883' }, circuit, { PINMESH_BROKER_PASSWORD: 'x' }), /without a user name/);
    await assert.rejects(readBroker({ broker: 'mqtt://127.0.0.1:1883', brokerPasswordFile: join(dir, 'none') }, circuit, {}), /does not exist/);
    assert.equal(await readBroker({}, circuit, {}), undefined, 'no broker named: the circuit file alone');
  });

  it('the circuit file may name the broker and the fleet; flags win', async () => {
    const circuit = parseCircuit({ broker: { url: 'mqtt://192.0.2.1', fleet: 'kitchen', homeassistant: true }, nodes: { buzzer: { host: '127.0.0.1', port: 8766 } } }, 'c.json');
    const fromFile = await readBroker({}, circuit, {});
    assert.deepEqual([fromFile?.url, fromFile?.fleet, fromFile?.homeassistant, fromFile?.keepalive], ['mqtt://192.0.2.1:1883', 'kitchen', true, 10]);
    const flagged = await readBroker({ broker: 'mqtt://127.0.0.1:1999', fleet: 'garage' }, circuit, {});
    assert.deepEqual([flagged?.url, flagged?.fleet], ['mqtt://127.0.0.1:1999', 'garage']);
    assert.throws(() => parseCircuit({ broker: { url: 'mqtt://x', password: 'no' }, nodes: { a: { host: 'h', port: 1 } } }, 'c.json'), /at broker/);
  });

  it('a node serves, by default, at the address that reaches the broker (loopback for a broker on loopback); nothing is sent to find it', async () => {
    assert.equal(await localAddressTowards('127.0.0.1', 1883), '127.0.0.1');
  });
});

describe('announcements', () => {
  it('a node info survives the trip through JSON; a stranger payload is not one', () => {
    assert.deepEqual(parseNodeInfo(JSON.stringify(info)), info);
    assert.equal(parseNodeInfo('online'), undefined);
    assert.equal(parseNodeInfo(JSON.stringify({ ...info, port: 'many' })), undefined);
  });

  it('say whether the node wants the token, never the token', () => {
    assert.deepEqual(Object.keys(info).sort(), ['board', 'host', 'node', 'pinmesh', 'port', 'since', 'sketch', 'tls', 'token', 'url']);
    assert.equal(typeof info.token, 'boolean');
  });
});

describe('Home Assistant discovery', () => {
  const claims = new PinClaims();
  claims.claim(13, { node: 'iopin', use: 'led', mode: 'digital-out' });
  claims.claim(3, { node: 'buzzer', use: 'piezo', mode: 'pwm' });
  const messages = discoveryMessages({ topics: new NodeTopics('default', 'iopin'), pins: claims.pinsOf('iopin'), sketch: 'iopin', version: '0.1.0', prefix: 'homeassistant' });

  it('the LED on 13 is a light binary_sensor reading pin 13, available while the node and its board are online', () => {
    const led = messages.find((m) => m.topic === 'homeassistant/binary_sensor/pinmesh_default_iopin/pin13/config')!;
    assert.equal(led.config.device_class, 'light');
    assert.equal(led.config.state_topic, 'pinmesh/v1/default/iopin/state/pin/13');
    assert.deepEqual(
      (led.config.availability as Array<{ topic: string }>).map((a) => a.topic),
      ['pinmesh/v1/default/iopin/status', 'pinmesh/v1/default/iopin/state/board'],
    );
    assert.equal(led.config.availability_mode, 'all');
  });

  it("only the node's own pins, plus its board's connectivity; every entity read-only", () => {
    assert.deepEqual(messages.map((m) => m.topic.split('/').at(-2)), ['board', 'pin13']);
    for (const { config } of messages) assert.ok(!('command_topic' in config));
  });
});

describe('pinmesh nodes output', () => {
  it('one row a node: name, status, URL, sketch, board, last seen', () => {
    const rows = fleetTable(
      [
        listedNode({ name: 'buzzer', status: 'online', info }),
        listedNode({ name: 'clock', status: 'offline', lastSeen: '2026-01-01T00:00:00.000Z' }),
      ],
      Date.parse('2026-01-01T00:00:42.000Z'),
    );
    assert.deepEqual(rows, [
      'NODE    STATUS   URL                  SKETCH  BOARD                                          LAST SEEN',
      'buzzer  online   ws://192.0.2.3:8766  buzzer  StandardFirmata.ino 2.5 on /dev/ttyACM0 (uno)  now',
      'clock   offline  -                    -       -                                              42 s ago',
    ]);
  });
});

describe('a command without --broker', () => {
  it('loads no MQTT client at all', async () => {
    const { freeCircuitFile } = await import('../support/cli.js');
    const { RecordedCli } = await import('../support/loaded-packages.js');
    const circuit = await freeCircuitFile();
    const cli = await RecordedCli.start(['circuit', '--board', 'mock', '--json', '--ticks', '1', '--delay', '0', '--hold', '0', '--circuit', circuit.path]);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    const loaded = await cli.packagesLoaded();
    assert.ok(loaded.has('ws'), 'the recorder saw what it loaded');
    assert.ok(!loaded.has('mqtt'), 'mqtt was loaded without a broker');
  });
});
