import nrfIntelHex from 'nrf-intel-hex';

/**
 * nrf-intel-hex's MemoryMap (Intel HEX parsing with record checksums), used by the simulator and
 * the flasher alike. Its .d.ts declares `export default MemoryMap` while its CommonJS build does
 * `module.exports = MemoryMap`: under NodeNext the default import IS the class at run time.
 */
export const MemoryMap = nrfIntelHex as unknown as typeof nrfIntelHex.default;
