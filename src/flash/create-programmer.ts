import type { AvrChip } from '../chips/avr-chip.js';
import type { Programmer, ProgrammerOptions, ProgrammerProtocol } from './programmer.js';
import type { ProgrammerLink } from './reply-reader.js';
import { Stk500v1Programmer } from './stk500v1-programmer.js';
import { Stk500v2Programmer } from './stk500v2-programmer.js';

/** The programmer for `protocol` on `link`, for a bootloader on `chip`. */
export function createProgrammer(
  protocol: ProgrammerProtocol,
  link: ProgrammerLink,
  chip: AvrChip,
  options: ProgrammerOptions = {},
): Programmer {
  switch (protocol) {
    case 'stk500v1':
      return new Stk500v1Programmer(link, options);
    case 'stk500v2':
      return new Stk500v2Programmer(link, { ...options, extendedAddresses: chip.flashBytes > 0x10000 });
  }
}
