import { z } from 'zod';

/**
 * The fleet's part of the circuit file: `"broker": "mqtt://10.0.0.1:1883"`, or an object with the
 * fleet's name and the rest. No password: it comes from --broker-password-file or
 * PINMESH_BROKER_PASSWORD (the circuit file gets committed and shared).
 */
const brokerObject = z
  .object({
    url: z.string().min(1),
    fleet: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'fleet names start with a letter and use letters, digits, - and _').optional(),
    keepalive: z.number().int().min(1).max(3600).optional(),
    homeassistant: z.boolean().optional(),
    discoveryPrefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a single topic level, e.g. homeassistant').optional(),
  })
  .strict();

export const circuitFleetFields = {
  /** The fleet's MQTT broker: nodes announce themselves there and find each other by name. */
  broker: z.union([z.string().min(1), brokerObject]).optional(),
};

export type CircuitBroker = z.infer<typeof brokerObject>;
