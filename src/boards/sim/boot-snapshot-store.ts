/**
 * Where boot snapshots (boot-snapshot.ts) are kept: in this process, and in the person's cache
 * folder (~/.cache/pinmesh/boot-snapshots on Linux, or $XDG_CACHE_HOME/pinmesh/…) so that the next
 * process, a test file or the next `pinmesh circuit --board sim`, boots at once too.
 *
 * A snapshot is found by its key: a hash of everything the boot depends on (the whole flash, the
 * chip, the reset flags, the wiring on its pins, this file's format and avr8js's version). A file
 * that cannot be read or does not parse is ignored and removed; one that cannot be written is not
 * kept (the next boot runs in full, as without the store). Writes go to a temporary file renamed
 * into place, so processes booting side by side never read half a file. The folder keeps at most
 * MAX_FILES snapshots, the oldest removed first; deleting it is always safe.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { BootSnapshot } from './boot-snapshot.js';

/**
 * Bumped whenever what a snapshot holds, how it is replayed, or how the simulated chip behaves
 * changes (2: the USART's status and control registers as the chip has them, usart-corrections.ts;
 * 3: timers counted lazily, lazy-timer-events.ts, and every clock event due after an instruction
 * fired after it).
 */
const FORMAT = 3;
const MAX_FILES = 64;

export interface BootKeyParts {
  flash: Uint16Array;
  chip: string;
  resetFlags: number;
  /** What is wired to the pins (PinDrive.describe()). */
  wiring: string;
  /** A boot in lockstep: the grid its states are taken on, in ms (lockstep-boot.ts). Its snapshots are its own. */
  lockstepGridMs?: number;
}

export function bootSnapshotKey(parts: BootKeyParts): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: FORMAT, avr8js: avr8jsVersion(), chip: parts.chip, resetFlags: parts.resetFlags, wiring: parts.wiring, grid: parts.lockstepGridMs }));
  hash.update(new Uint8Array(parts.flash.buffer, parts.flash.byteOffset, parts.flash.byteLength));
  return hash.digest('hex').slice(0, 32);
}

export class BootSnapshotStore {
  /** Bound: one per chip, firmware, reset cause and wiring booted in this process, at most MAX_FILES. */
  private readonly memory = new Map<string, BootSnapshot>();

  /** `dir`: the folder for snapshot files; undefined keeps them in this process only. */
  constructor(private readonly dir: string | undefined) {}

  get(key: string): BootSnapshot | undefined {
    const known = this.memory.get(key);
    if (known) return known;
    if (!this.dir) return undefined;
    const file = join(this.dir, `${key}.json`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const snapshot = parseSnapshot(text);
    if (!snapshot) {
      rmSync(file, { force: true });
      return undefined;
    }
    this.remember(key, snapshot);
    return snapshot;
  }

  put(key: string, snapshot: BootSnapshot): void {
    this.remember(key, snapshot);
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const temporary = join(this.dir, `.${key}.${process.pid}.tmp`);
      writeFileSync(temporary, serializeSnapshot(snapshot));
      renameSync(temporary, join(this.dir, `${key}.json`));
      this.prune();
    } catch {
      // A cache that cannot be written costs the next boot its speed, nothing else.
    }
  }

  /** The keys of the snapshots this process holds, oldest first. */
  keys(): string[] {
    return [...this.memory.keys()];
  }

  /** Forgets a snapshot that did not replay (a changed avr8js, a damaged file). */
  drop(key: string): void {
    this.memory.delete(key);
    if (this.dir) rmSync(join(this.dir, `${key}.json`), { force: true });
  }

  private remember(key: string, snapshot: BootSnapshot): void {
    this.memory.delete(key);
    this.memory.set(key, snapshot);
    if (this.memory.size > MAX_FILES) this.memory.delete(this.memory.keys().next().value!);
  }

  private prune(): void {
    const files = readdirSync(this.dir!).filter((name) => name.endsWith('.json'));
    if (files.length <= MAX_FILES) return;
    const byAge = files
      .map((name) => ({ name, mtime: statSync(join(this.dir!, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => a.mtime - b.mtime);
    for (const { name } of byAge.slice(0, files.length - MAX_FILES)) rmSync(join(this.dir!, name), { force: true });
  }
}

/** The store every simulated board of this process uses, with its files in the person's cache folder. */
export const bootSnapshots = new BootSnapshotStore(join(envPaths('pinmesh', { suffix: '' }).cache, 'boot-snapshots'));

/** The store a simulated board uses unless told otherwise: none when PINMESH_BOOT_SNAPSHOTS=off (every boot runs in full). */
export function defaultBootSnapshots(): BootSnapshotStore | false {
  return process.env.PINMESH_BOOT_SNAPSHOTS === 'off' ? false : bootSnapshots;
}

let avr8js: string | undefined;
function avr8jsVersion(): string {
  if (avr8js === undefined) {
    try {
      avr8js = String((createRequire(import.meta.url)('avr8js/package.json') as { version: unknown }).version);
    } catch {
      avr8js = 'unknown';
    }
  }
  return avr8js;
}

/** JSON has no undefined, NaN or Infinity: they travel as tagged strings. */
const TAG = '\u0000';

export function serializeSnapshot(snapshot: BootSnapshot): string {
  const { state } = snapshot;
  const portable = { format: FORMAT, ...snapshot, state: { ...state, data: Buffer.from(state.data).toString('base64') } };
  return JSON.stringify(portable, (_key, value: unknown) => {
    if (value === undefined) return `${TAG}undefined`;
    if (typeof value === 'number' && !Number.isFinite(value)) return `${TAG}${value}`;
    return value;
  });
}

export function parseSnapshot(text: string): BootSnapshot | undefined {
  try {
    const parsed = undefinedBack(
      JSON.parse(text, (_key, value: unknown) => {
        if (typeof value !== 'string' || !value.startsWith(TAG)) return value;
        const tagged = value.slice(1);
        // A reviver's undefined would delete the field: mark it, and put undefined back after.
        return tagged === 'undefined' ? UNDEFINED : Number(tagged);
      }),
    ) as { format?: unknown; state?: Record<string, unknown>; writes?: unknown; portChanges?: unknown };
    const state = parsed.state;
    if (parsed.format !== FORMAT || !state || typeof state.data !== 'string') return undefined;
    if (!numberRows(parsed.writes, 4) || !numberRows(parsed.portChanges, 3)) return undefined;
    for (const key of ['cycles', 'pc', 'nextInterrupt', 'maxInterrupt'] as const) if (typeof state[key] !== 'number') return undefined;
    if (!Array.isArray(state.pending) || !Array.isArray(state.events) || !Array.isArray(state.fields)) return undefined;
    return {
      state: { ...(state as unknown as BootSnapshot['state']), data: new Uint8Array(Buffer.from(state.data, 'base64')) },
      writes: parsed.writes as BootSnapshot['writes'],
      portChanges: parsed.portChanges as BootSnapshot['portChanges'],
    };
  } catch {
    return undefined;
  }
}

const UNDEFINED = Symbol('undefined');

function undefinedBack(value: unknown): unknown {
  if (value === UNDEFINED) return undefined;
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = undefinedBack(record[key]);
  return value;
}

function numberRows(rows: unknown, width: number): boolean {
  return Array.isArray(rows) && rows.every((row) => Array.isArray(row) && row.length === width && row.every((cell) => typeof cell === 'number'));
}
