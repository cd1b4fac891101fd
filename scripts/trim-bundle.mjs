#!/usr/bin/env node
// prepack: pinmesh bundles johnny-five (package.json "bundleDependencies"), so that the people who
// install pinmesh get johnny-five without its optional dependencies: firmata, serialport@8 (whose
// native add-on @serialport/bindings@8 compiles with node-gyp at install time) and
// browser-serialport. pinmesh hands johnny-five its own transport (firmata-io on serialport@13 or the
// simulator), so johnny-five never loads them.
//
// `npm pack` bundles whatever of johnny-five's tree is on disk. This removes, before packing, every
// installed package that is in the bundle only through an optional edge ("inBundle" and "optional"
// in npm's record of node_modules), so the tarball holds johnny-five and what it requires, nothing
// else. The next `npm install` puts them back; pinmesh never loads them in development either.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const record = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(record)) {
  console.error('trim-bundle: node_modules/.package-lock.json is missing: run npm install first');
  process.exit(1);
}
const { packages } = JSON.parse(readFileSync(record, 'utf8'));
const trimmed = [];
for (const [path, entry] of Object.entries(packages)) {
  if (!path || !entry.inBundle || !entry.optional) continue;
  const dir = join(root, path);
  if (!existsSync(dir)) continue;
  rmSync(dir, { recursive: true, force: true });
  trimmed.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version}`);
}
// What a bundled package ships that no program loads: its own tests and examples (nanotimer's
// test folder alone is 280 KB of PNG charts). Only inside the bundle: pinmesh's own dependencies are
// the user's npm's to install.
const unused = ['test', 'tests', 'example', 'examples'];
let unusedBytes = 0;
for (const [path, entry] of Object.entries(packages)) {
  if (!path || !entry.inBundle) continue;
  for (const name of unused) {
    const dir = join(root, path, name);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    unusedBytes += sizeOf(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function sizeOf(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, item) => {
    const place = join(dir, item.name);
    return sum + (item.isDirectory() ? sizeOf(place) : item.isFile() ? statSync(place).size : 0);
  }, 0);
}

// A bundled package keeps naming the optional dependencies left out (johnny-five's package.json lists
// firmata, serialport and browser-serialport), and npm, at the person's next `npm install` of anything,
// sees them missing and installs them into the bundle: 69 packages, and @serialport/bindings@8
// compiled with node-gyp (or failing to, where there is no compiler). The bundled copy's package.json
// is written without the optional dependencies it does not hold (in place, by a rename: the package
// tests pack from two processes at once).
const unlisted = [];
for (const [path, entry] of Object.entries(packages)) {
  if (!path || !entry.inBundle || !entry.optionalDependencies) continue;
  const manifestPath = join(root, path, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const optional = manifest.optionalDependencies ?? {};
  // Held by the bundle: installed beside it (npm's record says inBundle) and still on disk.
  const held = (name) => [`${path}/node_modules/${name}`, `node_modules/${name}`].some((place) => packages[place]?.inBundle && existsSync(join(root, place)));
  const absent = Object.keys(optional).filter((name) => !held(name));
  if (absent.length === 0) continue;
  for (const name of absent) delete optional[name];
  if (Object.keys(optional).length === 0) delete manifest.optionalDependencies;
  const temporary = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temporary, manifestPath);
  unlisted.push(`${path.replace(/^.*node_modules\//, '')}: ${absent.join(', ')}`);
}

const top = trimmed.filter((name) => /^(firmata|serialport|browser-serialport|@serialport\/bindings)@/.test(name));
console.log(
  `bundle: johnny-five without its optional dependencies (${trimmed.length} packages left out${top.length ? `: ${top.join(', ')}, …` : ''}${unlisted.length ? `; no longer listed by ${unlisted.join('; ')}` : ''}), nor its packages' tests and examples (${(unusedBytes / 1e3).toFixed(0)} KB)`,
);
