import type { Command } from 'commander';
import { freshTokenBits, writeFreshToken } from '../../security/token-file.js';

/** `pinmesh token FILE`: a fresh random token in a new file only its owner can read. Never prints the token. */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description(`write a fresh random mesh token (${freshTokenBits} bits) to a new file readable by you only (mode 0600)`)
    .argument('<file>', 'the file to create; an existing file is never overwritten')
    .action(async (file: string) => {
      await writeFreshToken(file);
      process.stdout.write(`wrote a fresh ${freshTokenBits}-bit token to ${file} (mode 0600); give it to each node and client with --token-file ${file}\n`);
    });
}
