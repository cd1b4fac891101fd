/**
 * firmware/firmware.json: which StandardFirmata build the simulated Uno runs (and `pinmesh flash`
 * writes), the npm package it is taken from, and its SHA-256; firmware-nano.json and
 * firmware-mega.json: the same for the Nano and the Mega, from the same package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nonEmptyText } from '../schema.js';
import * as z from '../zod.js';
import { packageRoot } from '../package-root.js';

const manifestSchema = z.object({
  file: nonEmptyText,
  package: nonEmptyText,
  version: nonEmptyText,
  path: nonEmptyText,
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  bytes: z.number().check(z.int(), z.positive()),
  firmware: z.object({ name: z.string(), version: z.string() }),
});

export type FirmwareManifest = z.infer<typeof manifestSchema>;

/** The manifest of a board's StandardFirmata: firmware.json for the Uno, firmware-BOARD.json for the others (nano, mega). */
export function manifestFile(board: string = 'uno'): string {
  return board === 'uno' ? 'firmware.json' : `firmware-${board}.json`;
}

/** Reads and checks a board's manifest (firmware/firmware.json: the Uno's) in the pinmesh package. */
export function readFirmwareManifest(root: string = packageRoot(), board: string = 'uno'): FirmwareManifest {
  const path = join(root, 'firmware', manifestFile(board));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is unreadable: ${(error as Error).message}; reinstall pinmesh`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path} is unusable (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); reinstall pinmesh`);
  return parsed.data;
}

/** "StandardFirmata 2.4" */
export function firmwareTitle(manifest: FirmwareManifest): string {
  return `${manifest.firmware.name.replace(/\.ino$/, '')} ${manifest.firmware.version}`;
}
