import { ATMEGABOOT, realBootloaderSkip } from '../support/real-bootloader.js';
import { ptyUnoContract } from './pty-uno-contract.js';

// As pty-uno-board.test.ts, with a real bootloader (Debian's ATmegaBOOT, the Nano's) in the
// simulated chip: every open of the port resets the MCU into the bootloader, which waits for a
// flasher, gets Firmata's first queries instead, and starts StandardFirmata, as on a real Nano.
ptyUnoContract('simulated Uno with a bootloader on a pseudo-terminal, booting through it (--board uno --serial-port PTY)', {
  uno: { bootloaderPath: ATMEGABOOT },
  // The bootloader waits ~1.3 s (simulated) before StandardFirmata starts, paced to wall time: on a
  // busy machine that runs the simulation slower than real time, well over the 10 s a real Uno gets.
  readyTimeoutMs: 120_000,
  skip: realBootloaderSkip() || undefined,
});
