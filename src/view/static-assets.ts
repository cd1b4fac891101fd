import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { pageCss, pageHtml } from './page.js';

export interface Asset {
  type: string;
  body: Buffer;
}

/** The page's modules, as `npm run build` leaves them (tsconfig.view.json: src/view → dist/www/view). */
const clientDir = () => join(packageRoot(), 'dist', 'www', 'view');
/** @wokwi/elements' prebuilt bundle, copied into the package by the build (scripts/vendor-view.mjs). */
const wokwiElements = () => join(packageRoot(), 'dist', 'www', 'vendor', 'wokwi-elements.js');

/**
 * Every file the view serves, read once when it starts, by exact URL path: the page, its
 * stylesheet, its modules (browser ESM built from src/view/client and src/view/shared) and
 * @wokwi/elements' prebuilt bundle, which the build copies into the package. A path not in this map is a 404:
 * no file system path is ever built from a request.
 */
export async function loadAssets(): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  assets.set('/', { type: 'text/html; charset=utf-8', body: Buffer.from(pageHtml) });
  assets.set('/view.css', { type: 'text/css; charset=utf-8', body: Buffer.from(pageCss) });
  const dir = clientDir();
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.js'));
  } catch {
    throw new UserError(`the live view's page is not built (no ${dir}): run npm install (or npm run build) in the pinmesh folder`);
  }
  for (const file of files) {
    assets.set(`/app/${relative(dir, join(dir, file)).split(sep).join('/')}`, { type: 'text/javascript; charset=utf-8', body: await readFile(join(dir, file)) });
  }
  const drawings = await readFile(wokwiElements()).catch(() => {
    throw new UserError(`the live view's board drawings are not built (no ${wokwiElements()}): run npm install (or npm run build) in the pinmesh folder`);
  });
  assets.set('/vendor/wokwi-elements.js', { type: 'text/javascript; charset=utf-8', body: drawings });
  return assets;
}
