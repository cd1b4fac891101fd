import type { Command } from 'commander';
import { DEFAULT_BOARD_PORT } from '../../boards/remote/protocol.js';
import { startBoardNode } from '../../run/start-board-node.js';
import { boardRequestOf } from '../board-request.js';
import { boardOptions, type BoardOptions } from '../common-options.js';
import * as parse from '../parse.js';
import { readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { recordBoard, recordOption, recordSession, type RecordFlags } from '../extensions/record.js';
import { flagNames } from '../../setting-names.js';

type BoardNodeFlags = BoardOptions & SecurityFlags & RecordFlags & { host: string; port: number; json?: boolean };

/**
 * `pinmesh board`: this process owns the board (one process owns a serial port) and serves its
 * pins to other pinmesh processes, which drive it with `--board ws://HOST:PORT`. Secured like
 * every node; a client that goes away has its outputs made safe and its pins freed, and this
 * process's own exit makes every output safe.
 */
export function registerBoardCommand(program: Command): void {
  const command = program
    .command('board')
    .description('own the board and serve its pins to other pinmesh processes (they use --board ws://HOST:PORT)')
    .option('-s, --host <host>', 'address to listen on', '127.0.0.1')
    .option('-p, --port <port>', 'port to listen on', parse.nodePort, DEFAULT_BOARD_PORT);
  securityOptions(command, 'file holding the token (or set PINMESH_TOKEN) every client of this board node must present: run them with the same one (--token-file or PINMESH_TOKEN)');
  boardOptions(command, 'sim');
  recordOption(command);
  command.option('--json', 'print one JSON object per line instead of human text').action((flags: BoardNodeFlags, self: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const { security, credentials } = await readSecurity(flags);
      const recording = flags.record === undefined ? undefined : recordSession(session, flags.record);
      const node = await startBoardNode({ session, host: flags.host, port: flags.port, security, credentials, portAdvice: () => 'choose another port with --port', settingNames: flagNames, ...boardRequestOf(flags, self) });
      if (recording) recordBoard(session, recording, node.board);
      await node.done;
    }),
  );
}
