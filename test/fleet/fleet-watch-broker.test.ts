/**
 * `pinmesh nodes --watch` while the broker goes away and comes back (a real Mosquitto, stopped and
 * started again): a stopping Mosquitto publishes the last will of every node it drops ("offline")
 * just before it drops the watcher, so the watcher saw healthy nodes go offline. It says it lost the
 * broker instead, once, nothing of the nodes meanwhile, and when the broker is back.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/cli.js';
import { FleetProcesses, within } from '../support/fleet-cli.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';

const skip = mosquittoMissing();

describe('pinmesh nodes --watch when the broker stops', { skip }, () => {
  const fleet = 'watched';
  const processes = new FleetProcesses();
  let broker: Mosquitto;

  before(async () => {
    broker = await Mosquitto.start();
  });

  after(async () => {
    await processes.killAll();
    await broker?.close();
  });

  it('says it lost the broker, not that the nodes still serving went offline; then that it is back', async () => {
    const buzzer = processes.start(['buzzer', '--board', 'mock', '--broker', broker.url, '--fleet', fleet, '--port', String(await freePort()), '--json']);
    await buzzer.waitForEvent((e) => e.event === 'announced');
    const watch = processes.start(['nodes', '--broker', broker.url, '--fleet', fleet, '--watch']);
    const said = () => ({ watch, buzzer, broker: broker.output });
    await within(20_000, watch.waitForLine((line) => /^buzzer +online/.test(line)), 'the watcher listing the buzzer', said());

    await broker.stop();
    await within(20_000, watch.waitForLine((line) => line.startsWith('lost the broker')), 'the watcher saying it lost the broker', said());
    await sleep(2_000); // longer than the watcher holds an offline line
    await broker.startAgain();
    await within(20_000, watch.waitForLine((line) => line.includes('is back')), 'the watcher saying the broker is back', said());
    await within(20_000, buzzer.waitForLine(() => buzzer.events().filter((e) => e.event === 'announced').length >= 2), 'the buzzer announcing itself again', said());
    await sleep(1_500);

    const after = watch.lines.slice(watch.lines.findIndex((line) => /^buzzer +online/.test(line)) + 1);
    assert.deepEqual(
      after,
      [`lost the broker ${broker.url}: the nodes' status is unknown until it is back`, `the broker ${broker.url} is back: following the nodes again`],
      'no "buzzer offline" for a buzzer that served all along',
    );
    watch.child.kill('SIGINT');
    assert.equal((await watch.exited).code, 0);
  });
});
