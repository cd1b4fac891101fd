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
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

const top = trimmed.filter((name) => /^(firmata|serialport|browser-serialport|@serialport\/bindings)@/.test(name));
console.log(
  `bundle: johnny-five without its optional dependencies (${trimmed.length} packages left out${top.length ? `: ${top.join(', ')}, …` : ''}), nor its packages' tests and examples (${(unusedBytes / 1e3).toFixed(0)} KB)`,
);
