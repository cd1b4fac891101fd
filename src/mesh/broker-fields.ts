import { nonEmptyText } from '../schema.js';
import * as z from '../zod.js';

/**
 * The fleet's part of the circuit file: `"broker": "mqtt://10.0.0.1:1883"`, or an object with the
 * fleet's name and the rest. No password: it comes from --broker-password-file or
 * PINMESH_BROKER_PASSWORD (the circuit file gets committed and shared).
 */
const brokerObject = z.strictObject({
  url: nonEmptyText,
  fleet: z.optional(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'fleet names start with a letter and use letters, digits, - and _'))),
  keepalive: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(3600))),
  homeassistant: z.optional(z.boolean()),
  discoveryPrefix: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'a single topic level, e.g. homeassistant'))),
});

export const circuitFleetFields = {
  /** The fleet's MQTT broker: nodes announce themselves there and find each other by name. */
  broker: z.optional(z.union([nonEmptyText, brokerObject])),
};

export type CircuitBroker = z.infer<typeof brokerObject>;
