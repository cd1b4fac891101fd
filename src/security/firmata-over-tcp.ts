/**
 * Firmata over TCP (StandardFirmataWiFi/Ethernet, `pinmesh sim --tcp`) has no authentication of its
 * own: whoever reaches the port drives the board. Said once, beyond loopback, by both ends.
 */
export const NO_AUTHENTICATION_WARNING =
  'Firmata over TCP has no authentication of its own: anyone who can reach this port can drive the board. Keep it on a network you trust (or behind a firewall, a VPN or an SSH tunnel).';
