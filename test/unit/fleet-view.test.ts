import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { BrokerConnection } from '../../src/fleet/broker-connection.js';
import { FleetView, MAX_REMEMBERED_NODES, type FleetNode } from '../../src/fleet/fleet-view.js';
import { NodeTopics } from '../../src/fleet/topics.js';

/** The broker side of a FleetView: messages handed to it as the broker would deliver them. */
function viewWithBroker(maxNodes?: number) {
  const client = Object.assign(new EventEmitter(), { options: { clientId: 'test-view' }, subscribe: () => undefined, publish: () => undefined });
  const connection = { client, onConnect: () => undefined } as unknown as BrokerConnection;
  const view = new FleetView(connection, 'term', maxNodes);
  const deliver = (topic: string, payload: string) => client.emit('message', topic, Buffer.from(payload));
  const announce = (name: string) => {
    const topics = new NodeTopics('term', name);
    deliver(topics.info, JSON.stringify({ node: name, url: 'ws://127.0.0.1:9000', host: '127.0.0.1', port: 9000, token: false, tls: false, sketch: 'buzzer', board: null, pinmesh: '0.1.0', since: new Date().toISOString() }));
    deliver(topics.status, 'online');
  };
  const vanish = (name: string) => deliver(new NodeTopics('term', name).status, 'offline');
  return { view, deliver, announce, vanish };
}

describe("the fleet's view of the broker stays bounded", () => {
  it('remembers at most 1,000 nodes by default', () => {
    const { view, announce, vanish } = viewWithBroker();
    for (let index = 0; index < 1_200; index++) (announce(`visitor${index}`), vanish(`visitor${index}`));
    assert.equal(view.nodes.size, MAX_REMEMBERED_NODES);
    assert.equal(MAX_REMEMBERED_NODES, 1_000);
  });

  it('nodes coming and going under new names all term: the offline ones heard of longest ago are forgotten beyond the bound', () => {
    const { view, announce, vanish } = viewWithBroker(50);
    const forgotten: string[] = [];
    view.on('change', (node: FleetNode) => node.status === 'unknown' && !node.info && forgotten.push(node.name)); // forgotten: nothing known
    for (let index = 0; index < 500; index++) {
      announce(`visitor${index}`);
      vanish(`visitor${index}`);
    }
    assert.equal(view.nodes.size, 50);
    assert.equal(view.get('visitor499')?.status, 'offline', 'the latest is kept, with its last known address');
    assert.equal(view.get('visitor499')?.info?.url, 'ws://127.0.0.1:9000');
    assert.equal(view.get('visitor449'), undefined, 'the oldest are forgotten');
    assert.equal(forgotten.length, 450, 'each forgotten node is said to be forgotten');
  });

  it('never forgets a node that is online, however many there are', () => {
    const { view, announce, vanish } = viewWithBroker(10);
    for (let index = 0; index < 20; index++) announce(`shelf${index}`);
    vanish('shelf0');
    assert.equal(view.nodes.size, 19, 'only the offline one went');
    assert.equal(view.get('shelf0'), undefined);
    for (let index = 1; index < 20; index++) assert.equal(view.get(`shelf${index}`)?.status, 'online');
  });

  it('a node heard of again counts as recent: the one forgotten is the one silent longest', () => {
    const { view, announce, vanish, deliver } = viewWithBroker(3);
    for (const name of ['a', 'b', 'c']) (announce(name), vanish(name));
    deliver(new NodeTopics('term', 'a').seen, new Date().toISOString()); // a says something again
    announce('d');
    vanish('d');
    assert.deepEqual([...view.nodes.keys()].sort(), ['a', 'c', 'd']);
  });

  it('a cleared announcement forgets the node at once', () => {
    const { view, announce, deliver } = viewWithBroker();
    announce('gone');
    deliver(new NodeTopics('term', 'gone').info, '');
    assert.equal(view.nodes.size, 0);
  });
});
