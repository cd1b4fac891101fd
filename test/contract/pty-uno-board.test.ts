import { ptyUnoContract } from './pty-uno-contract.js';

// The simulated Uno (StandardFirmata, no bootloader) on a pseudo-terminal, driven as a real Uno.
ptyUnoContract('simulated Uno on a pseudo-terminal, driven as a real Uno (--board uno --serial-port PTY)');
