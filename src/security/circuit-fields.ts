import * as z from '../zod.js';
import { normalOrigin } from './origin-policy.js';

/**
 * The security fields of the circuit file, kept here so the circuit's schema only includes them.
 * No secret is ever in the circuit file (it gets committed and shared): it says *that* a node
 * wants the token, and the token itself comes from --token-file or PINMESH_TOKEN.
 */
export const nodeSecurityFields = {
  /** The node requires the mesh's token; the nodes and the clock that connect to it send it. */
  token: z.optional(z.boolean()),
  /** The node serves wss://; peers connect with TLS (trusting --tls-ca for a self-signed certificate). */
  tls: z.optional(z.boolean()),
};

const origin = z.string().check(
  z.refine(
    (value) => {
      try {
        normalOrigin(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'expected an origin such as http://localhost:3000' },
  ),
);

export const circuitSecurityFields = {
  /** Web page origins every node of the circuit allows, besides --allow-origin. */
  allowOrigins: z.optional(z.array(origin)),
};
