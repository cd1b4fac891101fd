/**
 * `npm run soak:combine -- --markdown FILE RUN.json…`: one results page from several sittings of
 * `npm run soak --json` (an hour-long run cut short for some commands, measured again alone). Each
 * command's row comes from the last sitting that ran it; the page names every sitting.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { combinedSoakMarkdown, type SoakRun } from './soak-markdown.js';

const argv = process.argv.slice(2);
const { values, positionals } = parseArgs({ args: argv, options: { markdown: { type: 'string' } }, allowPositionals: true });
if (!values.markdown || positionals.length === 0) {
  console.error('usage: npm run soak:combine -- --markdown FILE RUN.json…   (each RUN.json written by npm run soak -- --json)');
  process.exit(2);
}
const sittings: SoakRun[] = await Promise.all(positionals.map(async (file) => JSON.parse(await readFile(file, 'utf8')) as SoakRun));
const seconds = new Set(sittings.map((sitting) => sitting.seconds));
if (seconds.size > 1) throw new Error(`the sittings ran for different lengths (${[...seconds].join(', ')} s): combine runs of one length`);
await writeFile(values.markdown, combinedSoakMarkdown(`npm run soak:combine -- ${argv.join(' ')}`, sittings));
console.log(`wrote ${values.markdown} from ${sittings.length} sittings`);
