import type { Command } from 'commander';
import type { Circuit } from '../../mesh/circuit.js';
import type { RunHooks } from '../../run/run-hooks.js';
import type { RunSession } from '../../run/run-session.js';
import type { BoardOptions, PeerOptions } from '../common-options.js';
import type { ClientSecurityFlags } from '../security-options.js';

export type { RunClock, RunHooks, RunNode, RunPlan } from '../../run/run-hooks.js';

/**
 * A capability that the commands running nodes may offer (the live view, the fleet, key presses):
 * its flags, and its part in each run (library-level RunHooks, src/run/run-hooks.ts). A command
 * lists the extensions it offers; the run calls them at each moment, in that order. A new
 * capability is a new extension beside these, and a command offers it by naming it in its list.
 */
export interface RunExtension<Flags = unknown> {
  /** Adds the extension's flags to a command. */
  options?: (command: Command) => void;
  /** Takes part in one run as its flags say: its hooks, or none when they leave it off. May refuse them (a UserError). */
  join: (run: RunSetup<Flags>) => Promise<RunHooks | undefined> | RunHooks | undefined;
}

/** What an extension knows of a run when it joins it: nothing is planned yet. */
export interface RunSetup<Flags> {
  session: RunSession;
  flags: Flags;
  /** The circuit as loaded (its file may name a broker). */
  circuit: Circuit;
  /** Who this process is to others ("circuit", or the one node it serves). */
  as: string;
}

/** The flags the run itself reads: how long to wait for peers, the credentials, the board (when the command drives one). */
export type RunFlags = PeerOptions & ClientSecurityFlags & Partial<BoardOptions>;

export interface CommandRunSetup<Flags> extends RunSetup<Flags> {
  command: Command;
}

/** Each extension joins, in the order listed: it reads its flags (and may refuse them). Their hooks, for the library run. */
export async function joinExtensions<Flags>(setup: RunSetup<Flags>, extensions: readonly RunExtension<Flags>[]): Promise<RunHooks[]> {
  const hooks: RunHooks[] = [];
  for (const extension of extensions) {
    const joined = await extension.join(setup);
    if (joined) hooks.push(joined);
  }
  return hooks;
}

/** Adds the flags of each extension, in the order listed. */
export function addExtensionOptions<Flags>(command: Command, extensions: readonly RunExtension<Flags>[]): Command {
  for (const extension of extensions) extension.options?.(command);
  return command;
}
