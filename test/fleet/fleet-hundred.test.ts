/**
 * A fleet of a hundred on one real Mosquitto: 100 nodes announced from one process through the
 * library (bench/fixtures/fleet-nodes.ts: serveNode + Fleet, each node its own MQTT connection and
 * last will), all listed by `pinmesh nodes`, and none lost when the broker restarts and forgets
 * every retained message. How fast is the bench's (`npm run bench -- --rows fleet`); nothing here
 * is timed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { compiled, nodeLoader } from '../support/compiled.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';
import { MqttProbe } from '../support/mqtt-probe.js';

const count = 100;
const fleet = 'hundred';
const names = Array.from({ length: count }, (_, i) => `node-${String(i).padStart(3, '0')}`);

/** `pinmesh nodes --json`: the names it lists online. */
async function listedOnline(broker: Mosquitto): Promise<string[]> {
  const result = await runCli(['nodes', '--broker', broker.url, '--fleet', fleet, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { node: string; status: string })
    .filter((node) => node.status === 'online')
    .map((node) => node.node)
    .sort();
}

describe(`a fleet of ${count} nodes on one broker`, { skip: mosquittoMissing() }, () => {
  let broker: Mosquitto;
  let nodes: ReturnType<typeof spawn>;

  before(async () => {
    broker = await Mosquitto.start();
    nodes = spawn(process.execPath, [...nodeLoader, compiled('bench/fixtures/fleet-nodes.ts'), broker.url, String(count), fleet], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: nodes.stdout! }).on('line', (line) => {
        if (line.includes('"event":"ready"')) resolve();
      });
      nodes.once('exit', (code) => reject(new Error(`the fleet's process exited (${code}) before every node was announced`)));
    });
  });

  after(async () => {
    if (nodes && nodes.exitCode === null) {
      const gone = new Promise((resolve) => nodes.once('exit', resolve));
      nodes.kill('SIGTERM');
      const timer = setTimeout(() => nodes.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
    await broker?.close();
  });

  it('pinmesh nodes lists every one of them online', async () => {
    assert.deepEqual(await listedOnline(broker), names);
  });

  it('the broker restarting (and forgetting every retained message) loses none: each announces itself again', async () => {
    const probe = await MqttProbe.open(broker.url, [`pinmesh/v1/${fleet}/+/status`]);
    try {
      await broker.stop();
      await broker.startAgain();
      const back = performance.now();
      await Promise.all(names.map((name) => probe.waitFor(`pinmesh/v1/${fleet}/${name}/status`, 'online', back)));
    } finally {
      await probe.close();
    }
    assert.deepEqual(await listedOnline(broker), names);
  });
});
