import type { Command } from 'commander';
import { readRecording } from '../../record/recorded-run.js';
import { humanEventLine, jsonLine } from '../../report/sinks.js';
import { readToken } from '../../security/token.js';
import { replayLayout } from '../../view/replay-layout.js';
import { ReplayPlayer } from '../../view/replay-player.js';
import { ViewServer } from '../../view/view-server.js';
import { viewPortOption } from '../extensions/view-port-option.js';
import { Session } from '../session.js';
import { writeStderr } from '../stderr-lines.js';

interface ReplayFlags {
  view?: boolean;
  viewPort: number;
  tokenFile?: string;
  json?: boolean;
}

/**
 * `pinmesh replay FILE`: a recording (`--record FILE.jsonl`, or a VCD) played back. With `--view`,
 * in the live view with a scrubber (play, pause, step, slower, faster, seek), no board needed;
 * secured as the live view is (127.0.0.1, its Host and Origin rules, the mesh token when given).
 * Without, its events are printed as a run prints them.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('play back a recording a run made (FILE.jsonl or FILE.vcd): in the live view with a scrubber (--view), or printed')
    .argument('<file>', 'the recording: FILE.jsonl (every event) or FILE.vcd (the pins)')
    .option('--view', 'play it in the live view in the browser (on 127.0.0.1; the URL is printed)')
    .addOption(viewPortOption())
    .option('--token-file <path>', 'file holding a token the page must sign in with (or set PINMESH_TOKEN); none: any page on this computer may watch')
    .option('--json', 'print one JSON object per line instead of human text')
    .action((file: string, flags: ReplayFlags) =>
      new Session(Boolean(flags.json)).run(async (session) => {
        const run = await readRecording(file);
        if (run.cutOff) await writeStderr(`pinmesh: ${run.cutOff}\n`);
        if (!flags.view) {
          // Each event as the run printed it: its recorded line, which this process may have no wording for (a device's, a sketch's own).
          for (const { event, text } of run.events) {
            const line = flags.json ? jsonLine(event, text) : humanEventLine(event, text);
            if (line !== undefined) process.stdout.write(`${line}\n`);
          }
          return 0;
        }
        const token = await readToken({ tokenFile: flags.tokenFile });
        const server = await ViewServer.start({ port: flags.viewPort, layout: replayLayout(run.events.map(({ event }) => event)), token, reporter: session.reporter });
        session.defer(() => server.close());
        const player = new ReplayPlayer(run, server.feed, server.controls);
        session.defer(() => player.close());
        session.reporter.report('view', { event: 'view', url: server.url, signIn: server.access.required });
        const link = server.signInLink();
        if (link) void writeStderr(`pinmesh: sign in to the live view with ${link} (works once; or paste the token on the page)\n`);
        player.play();
        await session.stopped();
        return 0;
      }),
    );
}
