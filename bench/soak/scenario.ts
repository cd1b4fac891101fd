import type { InspectedChild } from './inspected-child.js';

/** Where a scenario runs: the package's root, its built CLI, and a folder of its own for files. */
export interface SoakContext {
  root: string;
  /** dist/lib/cli.js, the built `pinmesh` command. */
  bin: string;
  /** A fresh folder for this scenario's files (circuit file, …). */
  dir: string;
}

/** An until-stopped command running under its load. */
export interface Soaking {
  child: InspectedChild;
  /** How much load it has been given so far, in words ("1,234 clients joined and left"). */
  loadSoFar(): string;
  /** Stops the load (the command itself is stopped by the runner). */
  stopLoad(): Promise<void>;
}

/** One of the until-stopped commands, with the load it names. */
export interface Scenario {
  name: string;
  /** The command as a person would type it (ports left out). */
  command: string;
  /** The load, in words. */
  load: string;
  /** Why it cannot run on this machine (a Debian package missing), or undefined. */
  missing?(): string | undefined;
  start(context: SoakContext): Promise<Soaking>;
}
