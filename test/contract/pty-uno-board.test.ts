import { ptyUnoContract } from './pty-uno-contract.js';

// The simulated Uno (StandardFirmata, no bootloader) on a pseudo-terminal, driven as a real Uno. A
// real Uno answers within the 10 s createUnoBoard gives it; a simulated one on a machine running other
// simulations at once may not, which says nothing of the contract: it gets a minute.
ptyUnoContract('simulated Uno on a pseudo-terminal, driven as a real Uno (--board uno --serial-port PTY)', { readyTimeoutMs: 60_000 });
