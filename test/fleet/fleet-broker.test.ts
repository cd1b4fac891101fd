/**
 * The fleet against a real Mosquitto on a free loopback port: nodes announce themselves, find each
 * other by name, are marked offline by their last will, are followed when they move, and survive
 * the broker going away. Figures (how long a last will takes to show, how long a move takes to
 * heal) are printed as diagnostics, never asserted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, hasNoStackTrace, type CliProcess } from '../support/cli.js';
import { FleetProcesses, fleetSecret, fleetTokenFile, within } from '../support/fleet-cli.js';
import { Mosquitto, mosquittoMissing, mosquittoPasswdMissing } from '../support/mosquitto.js';
import { MqttProbe } from '../support/mqtt-probe.js';
import { open, request } from '../support/raw-clients.js';

const skip = mosquittoMissing();
const ms = (from: number) => `${Math.round(performance.now() - from)} ms`;

describe('the article circuit as a fleet on a real Mosquitto', { skip }, () => {
  const fleet = 'article';
  const topic = (node: string, leaf: string) => `pinmesh/v1/${fleet}/${node}/${leaf}`;
  const processes = new FleetProcesses();
  let broker: Mosquitto;
  let probe: MqttProbe;
  let token: string;
  let buzzer: CliProcess;
  let iopin: CliProcess;
  let clock: CliProcess;
  let iopinPort: number;
  const node = (name: string, port: number, ...extra: string[]) =>
    processes.start([name, '--broker', broker.url, '--fleet', fleet, '--port', String(port), '--token-file', token, '--json', ...extra]);

  before(async () => {
    broker = await Mosquitto.start();
    token = await fleetTokenFile();
    probe = await MqttProbe.open(broker.url);
  });

  after(async () => {
    await processes.killAll();
    await probe?.close();
    await broker?.close();
  });

  it('a node announces itself, retained: its URL, sketch, board, pinmesh version, and online', async () => {
    const port = await freePort();
    buzzer = node('buzzer', port);
    await probe.waitFor(topic('buzzer', 'status'), 'online');
    const info = JSON.parse(await probe.waitFor(topic('buzzer', 'info')).then((m) => m.payload));
    assert.equal(info.url, `ws://127.0.0.1:${port}`);
    assert.equal(info.sketch, 'buzzer');
    assert.deepEqual(info.board, { kind: 'mock', firmware: 'pinmesh mock board', version: '1.0', port: 'memory' });
    assert.match(info.pinmesh, /^\d+\.\d+\.\d+/);
    assert.equal(info.token, true, 'it says it wants the token…');
    const later = await MqttProbe.open(broker.url, [topic('buzzer', '#')]);
    try {
      const retained = await later.waitFor(topic('buzzer', 'status'));
      assert.ok(retained.retain && retained.payload === 'online', 'a client that comes later reads it: it is retained');
    } finally {
      await later.close();
    }
    const announced = await buzzer.waitForEvent((e) => e.event === 'announced');
    assert.equal(announced.topic, `pinmesh/v1/${fleet}/buzzer`);
  });

  it('peers and the clock find nodes by name through the broker alone, with the token', async () => {
    iopinPort = await freePort();
    iopin = node('iopin', iopinPort, '--hold', '0');
    const found = await iopin.waitForEvent((e) => e.event === 'found' && e.peer === 'buzzer');
    assert.equal(found.url, JSON.parse(probe.latest(topic('buzzer', 'info'))!).url);
    clock = processes.start(['clock', '--broker', broker.url, '--fleet', fleet, '--token-file', token, '--json', '--ticks', '0', '--delay', '0.05']);
    await clock.waitForEvent((e) => e.event === 'ack' && e.reply === 'acknowledged');
    await probe.waitFor(topic('clock', 'status'), 'online');
    assert.equal(JSON.parse(probe.latest(topic('clock', 'info'))!).url, null, 'a clock serves nothing');
  });

  it('pinmesh nodes lists the fleet: name, URL, sketch, board, online, last seen', async () => {
    const listed = await processes.start(['nodes', '--broker', broker.url, '--fleet', fleet, '--json']).exited;
    assert.equal(listed.code, 0, listed.stderr);
    const nodes = listed.stdout.split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(nodes.map((n) => n.node).sort(), ['buzzer', 'clock', 'iopin']);
    for (const n of nodes) {
      assert.equal(n.status, 'online');
      assert.ok(n.lastSeen && !Number.isNaN(Date.parse(n.lastSeen)));
    }
    assert.equal(nodes.find((n) => n.node === 'iopin').url, `ws://127.0.0.1:${iopinPort}`);
    assert.match(nodes.find((n) => n.node === 'buzzer').board, /mock/);
    const table = await processes.start(['nodes', '--broker', broker.url, '--fleet', fleet]).exited;
    assert.match(table.stdout, /^NODE +STATUS +URL +SKETCH +BOARD +LAST SEEN$/m);
    assert.match(table.stdout, /^iopin +online +ws:\/\/127\.0\.0\.1:\d+ +iopin +.*now$/m);
  });

  it('the buzzer killed (SIGKILL): its last will marks it offline, and pinmesh nodes --watch says so', async (t) => {
    const watch = processes.start(['nodes', '--broker', broker.url, '--fleet', fleet, '--watch']);
    await watch.waitForLine((line) => /^buzzer +online/.test(line));
    const killed = performance.now();
    buzzer.child.kill('SIGKILL');
    await probe.waitFor(topic('buzzer', 'status'), 'offline', killed);
    t.diagnostic(`last will seen ${ms(killed)} after SIGKILL (the kernel closes the socket: no keepalive to wait for)`);
    await watch.waitForLine((line) => /^buzzer offline \(last seen/.test(line));
    watch.child.kill('SIGINT');
    assert.equal((await watch.exited).code, 0);
  });

  it('the buzzer restarted on another port: the iopin follows its new announcement and the circuit heals', async (t) => {
    const restarted = performance.now();
    const port = await freePort();
    buzzer = node('buzzer', port);
    const said = () => ({ buzzer, iopin, clock, broker: broker.output });
    await within(60_000, buzzer.waitForEvent((e) => e.event === 'announced'), 'the restarted buzzer announcing itself', said());
    const moved = await within(
      60_000,
      iopin.waitForEvent((e) => e.event === 'found' && e.peer === 'buzzer' && e.url === `ws://127.0.0.1:${port}`),
      'the iopin finding the buzzer where it now is',
      said(),
    );
    assert.ok(moved.previous, 'the iopin says where the buzzer was before');
    const acksBefore = clock.events().filter((e) => e.event === 'ack').length;
    await clock.waitForLine(() => clock.events().filter((e) => e.event === 'ack').length > acksBefore);
    t.diagnostic(`healed ${ms(restarted)} after the buzzer was started again elsewhere (a tick acknowledged through it)`);
    await buzzer.waitForEvent((e) => e.event === 'signal');
    // The last will of the killed buzzer can land after the new one said online: it says online again.
    await probe.waitFor(topic('buzzer', 'status'), 'online', restarted);
  });

  it('the broker restarted: nodes serve on meanwhile with the addresses they had, then announce themselves again', async (t) => {
    // Ticks refused before (the buzzer killed mid-tick by an earlier test) are not this test's to count.
    const before = clock.events().length;
    await broker.stop();
    const stopped = performance.now();
    await within(60_000, iopin.waitForEvent((e) => e.event === 'broker' && e.state === 'lost'), 'the iopin noticing the broker gone', { iopin, broker: broker.output });
    const acked = clock.events().filter((e) => e.event === 'ack').length;
    await clock.waitForLine(() => clock.events().filter((e) => e.event === 'ack').length >= acked + 3);
    t.diagnostic(`3 more ticks acknowledged with the broker away, ${ms(stopped)} after it stopped`);
    const relaunched = performance.now();
    await broker.startAgain();
    // This broker keeps nothing across a restart: what it knows again, it was told again.
    for (const name of ['buzzer', 'iopin', 'clock']) {
      await probe.waitFor(topic(name, 'status'), 'online', relaunched);
      await probe.waitFor(topic(name, 'info'), undefined, relaunched);
    }
    t.diagnostic(`every node announced again ${ms(relaunched)} after the broker came back`);
    const errors = clock.events().slice(before).filter((e) => e.event === 'error');
    assert.deepEqual(errors, [], 'no tick was refused while the broker was away');
  });

  it('the board state is on state topics: pin 13 and the piezo, 1 or 0, and the board online', async () => {
    await probe.waitFor(topic('iopin', 'state/board'), 'online');
    await probe.waitFor(topic('buzzer', 'state/board'), 'online');
    await probe.waitFor(topic('iopin', 'state/pin/13'), (v) => v === '1' || v === '0');
    await probe.waitFor(topic('buzzer', 'state/piezo/3'), (v) => v === '1' || v === '0');
  });

  it("a node that stops answering (SIGSTOP) is marked offline by the broker's keepalive check, and comes back when continued", async (t) => {
    const port = await freePort();
    const sleeper = processes.start(['run', 'examples/blink.ts', '--name', 'sleeper', '--broker', broker.url, '--fleet', fleet, '--broker-keepalive', '1', '--port', String(port), '--json']);
    await probe.waitFor(topic('sleeper', 'status'), 'online');
    const stopped = performance.now();
    sleeper.child.kill('SIGSTOP');
    await probe.waitFor(topic('sleeper', 'status'), 'offline', stopped);
    t.diagnostic(`a silent node marked offline ${ms(stopped)} after it stopped answering (keepalive 1 s)`);
    const continued = performance.now();
    sleeper.child.kill('SIGCONT');
    await probe.waitFor(topic('sleeper', 'status'), 'online', continued);
  });

  it('nothing secret is ever published: the token is in no topic and no payload', () => {
    assert.ok(probe.messages.length > 20);
    for (const message of probe.messages) {
      assert.ok(!message.topic.includes(fleetSecret) && !message.payload.includes(fleetSecret), `the token leaked in ${message.topic}`);
    }
  });

  it('every node leaves cleanly on Ctrl-C: offline, retained', async () => {
    const stopping = performance.now();
    for (const cli of [clock, iopin, buzzer]) cli.child.kill('SIGINT');
    for (const cli of [clock, iopin, buzzer]) {
      const result = await cli.exited;
      assert.ok(hasNoStackTrace(result.stderr), result.stderr);
    }
    for (const name of ['buzzer', 'iopin', 'clock']) await probe.waitFor(topic(name, 'status'), 'offline', stopping);
  });
});

describe('a broker that wants a login', { skip: mosquittoPasswdMissing() }, () => {
  const processes = new FleetProcesses();
  let broker: Mosquitto;
  after(async () => {
    await processes.killAll();
    await broker?.close();
  });
  before(async () => {
    broker = await Mosquitto.start({ users: { pinmesh: 'broker-secret-123' } });
  });

  it('a wrong password is final: one line saying the broker refused the login and what to check, no retry, exit 1; the password is never printed', async () => {
    const result = await processes.start(['buzzer', '--broker', `mqtt://pinmesh@127.0.0.1:${broker.port}`, '--port', String(await freePort())], { env: { PINMESH_BROKER_PASSWORD: 'wrong-password-456' } }).exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^pinmesh: the broker mqtt:\/\/pinmesh@127\.0\.0\.1:\d+ refused the login of user "pinmesh" \(Not authorized\): check the user name .* and the password .*--broker-password-file.*\n$/);
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line on stderr');
    assert.doesNotMatch(result.stdout, /broker|not reachable|retrying/, 'no line says the broker is away or that it is retried');
    assert.ok(hasNoStackTrace(result.stderr));
    assert.ok(!`${result.stdout}${result.stderr}`.includes('wrong-password-456'));
  });

  it('no login at all: the line says the broker wants one, and where the user name and password go', async () => {
    const result = await processes.start(['clock', '--broker', broker.url]).exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^pinmesh: the broker mqtt:\/\/127\.0\.0\.1:\d+ refused pinmesh without a login \(Not authorized\): it wants a user name .*PINMESH_BROKER_USERNAME.* and its password .*--broker-password-file/);
    assert.doesNotMatch(result.stdout, /not reachable|retrying/);
  });

  it('a broker that comes up after the node and refuses its login: said once, tried again every 30 s, not every second; the node serves on', async () => {
    const port = await freePort();
    const late = processes.start(['buzzer', '--broker', `mqtt://pinmesh@127.0.0.1:${port}`, '--port', String(await freePort())], { env: { PINMESH_BROKER_PASSWORD: 'wrong-password-456' } });
    await late.waitForLine((line) => line.includes('is not reachable (ECONNREFUSED)'));
    const lateBroker = await Mosquitto.start({ port, users: { pinmesh: 'broker-secret-123' } });
    try {
      const refused = late.waitForLine((line) => /refused the login of user "pinmesh" .*; carrying on without it, trying again every 30 s/.test(line));
      await within(10_000, refused, 'the refusal said', { buzzer: late, broker: lateBroker.output });
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // mqtt.js would reconnect every second
      const attempts = lateBroker.output.match(/New connection from/g) ?? [];
      assert.equal(attempts.length, 1, `one login tried, not one a second:\n${lateBroker.output}`);
      assert.equal(late.child.exitCode, null, 'the node serves on');
      assert.ok(!`${late.lines.join('\n')}${late.stderr}`.includes('wrong-password-456'));
    } finally {
      late.child.kill('SIGINT');
      await late.exited;
      await lateBroker.close();
    }
  });

  it('a password in the URL is refused before anything is opened', async () => {
    const result = await processes.start(['buzzer', '--broker', `mqtt://pinmesh:broker-secret-123@127.0.0.1:${broker.port}`]).exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /must not carry a password .*--broker-password-file/);
    assert.ok(!result.stderr.includes('broker-secret-123'));
  });

  it('the right password from PINMESH_BROKER_PASSWORD and the user from PINMESH_BROKER_USERNAME: the node announces itself', async () => {
    const probe = await MqttProbe.open(broker.url, ['pinmesh/v1/default/#'], { username: 'pinmesh', password: 'broker-secret-123' });
    try {
      const cli = processes.start(['buzzer', '--broker', broker.url, '--port', String(await freePort()), '--json'], { env: { PINMESH_BROKER_USERNAME: 'pinmesh', PINMESH_BROKER_PASSWORD: 'broker-secret-123' } });
      await probe.waitFor('pinmesh/v1/default/buzzer/status', 'online');
      cli.child.kill('SIGINT');
      const result = await cli.exited;
      assert.ok(!`${result.stdout}${result.stderr}`.includes('broker-secret-123'));
    } finally {
      await probe.close();
    }
  });
});

describe('Home Assistant MQTT discovery (--homeassistant)', { skip }, () => {
  const processes = new FleetProcesses();
  let broker: Mosquitto;
  after(async () => {
    await processes.killAll();
    await broker?.close();
  });

  it('the piezo is announced as a sound binary_sensor with availability tied to the last will, and its state follows the buzzer', async () => {
    broker = await Mosquitto.start();
    const probe = await MqttProbe.open(broker.url, ['homeassistant/#', 'pinmesh/#']);
    try {
      const port = await freePort();
      const buzzer = processes.start(['buzzer', '--broker', broker.url, '--fleet', 'ha', '--port', String(port), '--homeassistant', '--json']);
      const config = JSON.parse((await probe.waitFor('homeassistant/binary_sensor/pinmesh_ha_buzzer/piezo3/config')).payload);
      assert.equal(config.device_class, 'sound');
      assert.equal(config.state_topic, 'pinmesh/v1/ha/buzzer/state/piezo/3');
      assert.deepEqual([config.payload_on, config.payload_off], ['1', '0']);
      assert.deepEqual(config.availability[0], { topic: 'pinmesh/v1/ha/buzzer/status', payload_available: 'online', payload_not_available: 'offline' });
      assert.equal(config.device.identifiers[0], 'pinmesh_ha_buzzer');
      assert.ok(!('command_topic' in config), 'read-only: nothing on the broker drives a pin');
      const board = JSON.parse((await probe.waitFor('homeassistant/binary_sensor/pinmesh_ha_buzzer/board/config')).payload);
      assert.equal(board.device_class, 'connectivity');
      const socket = await open(`ws://127.0.0.1:${port}/iopin`);
      assert.equal(await request(socket, '1'), 'buzz buzz buzz');
      await probe.waitFor('pinmesh/v1/ha/buzzer/state/piezo/3', '1');
      assert.equal(await request(socket, '0'), '...');
      await probe.waitFor('pinmesh/v1/ha/buzzer/state/piezo/3', '0');
      socket.close();
      buzzer.child.kill('SIGKILL');
      await probe.waitFor('pinmesh/v1/ha/buzzer/status', 'offline');
    } finally {
      await probe.close();
    }
  });
});
