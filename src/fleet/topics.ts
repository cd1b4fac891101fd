/**
 * The fleet's topic scheme on the MQTT broker (version 1). Everything a node says about itself is
 * under one prefix, retained, so a client that subscribes later reads the fleet as it is now:
 *
 *   pinmesh/v1/<fleet>/<node>/status          "online" | "offline"   (the last will sets "offline")
 *   pinmesh/v1/<fleet>/<node>/info            JSON: url, sketch, board, pinmesh version, … (NodeInfo)
 *   pinmesh/v1/<fleet>/<node>/seen            ISO 8601 time the node last said it was alive
 *   pinmesh/v1/<fleet>/<node>/state/board     "online" | "offline"   (its board's link)
 *   pinmesh/v1/<fleet>/<node>/state/pin/<n>   "1" | "0"              (a digital output, e.g. the LED on 13)
 *   pinmesh/v1/<fleet>/<node>/state/piezo/<n> "1" | "0"              (a piezo sounding, e.g. on 3)
 *   pinmesh/v1/<fleet>/<node>/state/pwm/<n>   "0".."255"             (any other PWM output's duty)
 *   pinmesh/v1/<fleet>/<node>/state/input/<n> a number               (a digital or analog input)
 *
 * Plain-text values so Node-RED's MQTT nodes, MQTT Explorer and Home Assistant read them as they are.
 */
import { UserError } from '../errors.js';

export const topicRoot = 'pinmesh/v1';

/** A fleet is the set of nodes that find each other: one name on one broker. */
export const defaultFleet = 'default';

const namePattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Fleet and node names are one topic level: no `/`, `+`, `#`, nor anything MQTT tools stumble on. */
export function checkTopicName(name: string, what: 'fleet' | 'node'): string {
  if (!namePattern.test(name)) throw new UserError(`bad ${what} name "${name}": use letters, digits, - and _, starting with a letter`);
  return name;
}

export type StateKind = 'board' | 'pin' | 'piezo' | 'pwm' | 'input';

/** The topics of one node. */
export class NodeTopics {
  readonly base: string;

  constructor(
    readonly fleet: string,
    readonly node: string,
  ) {
    this.base = `${topicRoot}/${checkTopicName(fleet, 'fleet')}/${checkTopicName(node, 'node')}`;
  }

  get status(): string {
    return `${this.base}/status`;
  }

  get info(): string {
    return `${this.base}/info`;
  }

  get seen(): string {
    return `${this.base}/seen`;
  }

  /** `state/board`, or `state/pin/13`, `state/piezo/3`, … */
  state(kind: StateKind, pin?: number): string {
    return pin === undefined ? `${this.base}/state/${kind}` : `${this.base}/state/${kind}/${pin}`;
  }
}

/** The subscriptions that read a whole fleet's presence: every node's status, info and seen. */
export function fleetFilters(fleet: string): string[] {
  const base = `${topicRoot}/${checkTopicName(fleet, 'fleet')}/+`;
  return [`${base}/status`, `${base}/info`, `${base}/seen`];
}

/** Which node and which of its presence topics a topic is, or undefined for anything else. */
export function parsePresenceTopic(topic: string): { fleet: string; node: string; leaf: 'status' | 'info' | 'seen' } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== topicRoot) return undefined;
  const [, , fleet, node, leaf] = parts as [string, string, string, string, string];
  if (!namePattern.test(fleet) || !namePattern.test(node)) return undefined;
  if (leaf !== 'status' && leaf !== 'info' && leaf !== 'seen') return undefined;
  return { fleet, node, leaf };
}

export const online = 'online';
export const offline = 'offline';
