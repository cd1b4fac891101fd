// After the build: the bin package.json names (dist/lib/cli.js) gets its executable bits back, as
// esbuild, like tsc, writes every file 0644. Without them `npx pinmesh` in this repository says "Permission
// denied" after any rebuild. No-op where files have no such bits (Windows).
import { chmodSync, readFileSync, statSync } from 'node:fs';

const { bin } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
for (const file of Object.values(bin)) {
  const path = new URL(`../${file}`, import.meta.url);
  chmodSync(path, statSync(path).mode | 0o111);
}
