import mqtt from 'mqtt';
import { NodeTopics } from '../../../src/fleet/topics.js';
import { Mosquitto, mosquittoMissing } from '../../../test/support/mosquitto.js';
import { freeCircuitFile } from '../circuit-file.js';
import { InspectedChild } from '../inspected-child.js';
import { LoadLoop } from '../load-loop.js';
import type { Scenario } from '../scenario.js';
import { FLAT_OUT } from './circuit.js';

const FLEET = 'soak';
/** A new node appears this often (announced, retained, as a pinmesh node announces itself). */
const APPEAR_EVERY_MS = 250;
/** Each node is online for this many appearances, then goes offline (its last will), then is cleared. */
const ONLINE_FOR = 4;
const CLEARED_AFTER = 8;

/**
 * The circuit flat out on the mock board with `--broker` on a real Mosquitto (Debian's, on a free
 * 127.0.0.1 port), while nodes appear and vanish in the same fleet under new names: each announced
 * (info, seen, online, retained), then offline as its last will says it, then its retained messages
 * cleared (the name forgotten on the broker).
 */
export const brokerScenario: Scenario = {
  name: 'broker',
  command: 'pinmesh circuit --board mock --ticks 0 --delay 0 --hold 0 --broker mqtt://… --json',
  load: `its own clock flat out; a node appearing every ${APPEAR_EVERY_MS} ms, offline ${ONLINE_FOR} appearances later, cleared ${CLEARED_AFTER} later`,
  missing: mosquittoMissing,
  async start(context) {
    const broker = await Mosquitto.start();
    const url = `mqtt://127.0.0.1:${broker.port}`;
    try {
      const circuit = await freeCircuitFile(context.dir);
      const child = await InspectedChild.start('broker', {
        command: [process.execPath, context.bin, 'circuit', '--board', 'mock', ...FLAT_OUT, '--broker', url, '--fleet', FLEET, '--json', '--circuit', circuit],
        cwd: context.root,
        env: { PINMESH_TOKEN: undefined, PINMESH_BROKER_USERNAME: undefined, PINMESH_BROKER_PASSWORD: undefined },
      });
      await child.waitFor(/"event":"ack"/, 60_000).catch(async (error) => {
        await child.stop();
        throw error;
      });
      const publisher = await mqtt.connectAsync(url, { clientId: 'pinmesh-soak-visitors' });
      const visitors = new LoadLoop(async (index) => {
        const retained = { retain: true, qos: 1 } as const;
        const appearing = new NodeTopics(FLEET, `visitor${index}`);
        await publisher.publishAsync(appearing.info, JSON.stringify(announcement(appearing.node, index)), retained);
        await publisher.publishAsync(appearing.seen, new Date().toISOString(), retained);
        await publisher.publishAsync(appearing.status, 'online', retained);
        if (index >= ONLINE_FOR) await publisher.publishAsync(new NodeTopics(FLEET, `visitor${index - ONLINE_FOR}`).status, 'offline', retained);
        if (index >= CLEARED_AFTER) {
          const cleared = new NodeTopics(FLEET, `visitor${index - CLEARED_AFTER}`);
          for (const topic of [cleared.info, cleared.seen, cleared.status]) await publisher.publishAsync(topic, '', retained);
        }
      }, APPEAR_EVERY_MS);
      return {
        child,
        loadSoFar: () => visitors.describe('nodes appeared and vanished'),
        stopLoad: async () => {
          await visitors.stop();
          await publisher.endAsync();
          await broker.close();
        },
      };
    } catch (error) {
      await broker.close();
      throw error;
    }
  },
};

/** What a buzzer on another host would announce (see src/fleet/node-info.ts). */
function announcement(node: string, index: number) {
  return {
    node,
    url: `ws://127.0.0.1:${20_000 + (index % 10_000)}`,
    host: '127.0.0.1',
    port: 20_000 + (index % 10_000),
    token: false,
    tls: false,
    sketch: 'buzzer',
    board: { kind: 'mock', firmware: 'mock', version: '0.0', port: 'memory' },
    pinmesh: '0.1.0',
    since: new Date().toISOString(),
  };
}
