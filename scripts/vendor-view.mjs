#!/usr/bin/env node
// After tsc -p tsconfig.view.json: the live view's board drawings, @wokwi/elements' prebuilt bundle
// (MIT, served to the browser as it is), copied into the package at dist/www/vendor with its licence.
//
// Why: as a dependency, the package brought one 447 KB file the view serves, and with it lit and
// React's type declarations: about 1,500 files and 11 MB in every maker's node_modules, and
// @types/react checked by every maker's tsc that lists no `types`. Copied here it is a file of the
// build, as the view's own modules are, and @wokwi/elements is a dev dependency.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const elements = dirname(createRequire(import.meta.url).resolve('@wokwi/elements/package.json'));
const vendor = new URL('../dist/www/vendor/', import.meta.url);
mkdirSync(vendor, { recursive: true });
copyFileSync(join(elements, 'dist', 'wokwi-elements.bundle.min.js'), new URL('wokwi-elements.js', vendor));
copyFileSync(join(elements, 'LICENSE'), new URL('wokwi-elements.LICENSE', vendor));
