import type { PinClaim } from '../boards/pin-claims.js';
import type { NodeTopics, StateKind } from './topics.js';

/** One entity of Home Assistant's MQTT discovery: where its config goes, and the config. */
export interface DiscoveryMessage {
  topic: string;
  config: Record<string, unknown>;
}

export interface DiscoveryRequest {
  topics: NodeTopics;
  /** The pins the node holds (from its pin claims). */
  pins: Array<{ pin: number } & PinClaim>;
  sketch: string;
  version: string;
  /** Home Assistant's discovery prefix, "homeassistant" by default. */
  prefix: string;
}

/**
 * The node as Home Assistant devices, through its MQTT discovery convention: one device per node,
 * an entity per pin it holds (the LED a `binary_sensor` of class light, the piezo one of class
 * sound, other PWM outputs and analog inputs `sensor`s), and the board's link a connectivity
 * sensor. Every entity is read-only: nothing on the broker can drive a pin (the broker does not
 * know the mesh's token). Each is available while the node's last will has not fired, and the
 * pins while the board is online too.
 */
export function discoveryMessages(request: DiscoveryRequest): DiscoveryMessage[] {
  const { topics, prefix } = request;
  const id = `pinmesh_${topics.fleet}_${topics.node}`.replace(/-/g, '_');
  const device = {
    identifiers: [id],
    name: `pinmesh ${topics.node}`,
    manufacturer: 'pinmesh',
    model: `${request.sketch} sketch`,
    sw_version: request.version,
  };
  const origin = { name: 'pinmesh', sw_version: request.version };
  const nodeAvailable = { topic: topics.status, payload_available: 'online', payload_not_available: 'offline' };
  const boardAvailable = { topic: topics.state('board'), payload_available: 'online', payload_not_available: 'offline' };
  const message = (component: string, object: string, config: Record<string, unknown>, withBoard: boolean): DiscoveryMessage => ({
    topic: `${prefix}/${component}/${id}/${object}/config`,
    config: {
      unique_id: `${id}_${object}`,
      ...config,
      availability: withBoard ? [nodeAvailable, boardAvailable] : [nodeAvailable],
      availability_mode: 'all',
      device,
      origin,
    },
  });
  const messages = [
    message('binary_sensor', 'board', { name: 'board', device_class: 'connectivity', state_topic: topics.state('board'), payload_on: 'online', payload_off: 'offline' }, false),
  ];
  for (const { pin, use, mode } of request.pins) {
    const entity = entityOf(use, mode);
    if (!entity) continue;
    const state_topic = topics.state(entity.kind, pin);
    const binary = entity.component === 'binary_sensor' ? { payload_on: '1', payload_off: '0' } : {};
    const deviceClass = entity.deviceClass ? { device_class: entity.deviceClass } : {};
    messages.push(message(entity.component, `${entity.kind}${pin}`, { name: `${entity.label} (pin ${pin})`, state_topic, ...binary, ...deviceClass }, true));
  }
  return messages;
}

interface Entity {
  component: 'binary_sensor' | 'sensor';
  kind: StateKind;
  label: string;
  deviceClass?: string;
}

function entityOf(use: string, mode: string): Entity | undefined {
  if (use === 'piezo') return { component: 'binary_sensor', kind: 'piezo', label: 'piezo', deviceClass: 'sound' };
  if (use === 'led') return { component: 'binary_sensor', kind: 'pin', label: 'LED', deviceClass: 'light' };
  if (mode === 'digital-out') return { component: 'binary_sensor', kind: 'pin', label: 'output' };
  if (mode === 'pwm') return { component: 'sensor', kind: 'pwm', label: 'PWM duty' };
  if (mode === 'digital-in') return { component: 'binary_sensor', kind: 'input', label: 'input' };
  if (mode === 'analog-in') return { component: 'sensor', kind: 'input', label: 'analog input' };
  return undefined;
}
