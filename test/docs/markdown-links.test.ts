/**
 * Every local link in every Markdown file of the repository resolves: the file or folder it names
 * exists, and a `#anchor` names a heading of the Markdown file it points to, slugged as GitHub does
 * (github-slugger). Files are parsed as GitHub Flavored Markdown (mdast-util-from-markdown with the
 * GFM extension), so links in tables, reference links and images all count, and code never does.
 * External links (http:, https:, mailto:) are not fetched.
 *
 * The Markdown files the package ships (README.md, docs/, wiring.md…: what `npm pack` puts in the
 * tarball) are read in node_modules/pinmesh too, where the repository's other files are not: each of
 * their local links names a file the tarball holds. A file only the repository has (the sources, the
 * tests, the benchmarks, CONTRIBUTING.md) is named there in code, not linked.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { before, describe, it } from 'node:test';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { parseMarkdown as parse } from '../support/markdown.js';
import { packedTarball } from '../support/packed-once.js';

const repo = resolve('.');

/** The Markdown files git tracks, and the new ones it would (not the ignored ones: node_modules, dist). */
export function markdownFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: repo, encoding: 'utf8' });
  return [...new Set(out.split('\n').filter(Boolean))].filter((file) => existsSync(join(repo, file))).sort();
}

/** The anchors GitHub gives a Markdown file's headings. */
export function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  visit(parse(file), 'heading', (heading) => void anchors.add(slugger.slug(toString(heading))));
  return anchors;
}

interface Link {
  url: string;
  line: number;
}

function linksOf(file: string): Link[] {
  const links: Link[] = [];
  visit(parse(file), (node) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') links.push({ url: node.url, line: node.position?.start.line ?? 0 });
  });
  return links;
}

const external = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/** The file or folder `url`, written in `file`, points to, and the #anchor it names. */
function targetOf(file: string, url: string): { target: string; anchor: string | undefined } {
  const hash = url.indexOf('#');
  const path = decodeURIComponent(hash === -1 ? url : url.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(url.slice(hash + 1));
  const target = path === '' ? resolve(file) : path.startsWith('/') ? join(repo, path) : resolve(dirname(file), path);
  return { target, anchor };
}

/** Why `url`, written in `file`, does not resolve; undefined when it does. */
function brokenBecause(file: string, url: string): string | undefined {
  const { target, anchor } = targetOf(file, url);
  const shown = relative(repo, target) || '.';
  if (!existsSync(target)) return `${shown} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(target).isDirectory()) return `${shown} is a folder: it has no #${anchor}`;
  if (!target.endsWith('.md')) return /^L\d+(-L\d+)?$/.test(anchor) ? undefined : `#${anchor} in ${shown}, which is not Markdown`;
  if (!anchorsOf(target).has(anchor)) return `${shown} has no heading whose anchor is #${anchor}`;
  return undefined;
}

/** Why `url`, written in a shipped `file`, names what the package (its paths: `shipped`) does not hold; undefined when it holds it. */
function unshippedBecause(file: string, url: string, shipped: ReadonlySet<string>): string | undefined {
  const path = relative(repo, targetOf(file, url).target).split(sep).join('/');
  if (path === '..' || path.startsWith('../')) return `${path} is outside the package`;
  if (path === '' || shipped.has(path) || [...shipped].some((held) => held.startsWith(`${path}/`))) return undefined;
  return `${path} is not in the package (package.json "files"): ship it, or name it in code as a file of pinmesh's repository`;
}

/** The local links of `file` that `why` finds wrong, one line each: where, the link, why. */
function wrongLinks(file: string, why: (url: string) => string | undefined): string[] {
  return linksOf(file)
    .filter((link) => !external.test(link.url))
    .map((link) => ({ link, why: why(link.url) }))
    .filter((found) => found.why !== undefined)
    .map(({ link, why }) => `${file}:${link.line}: (${link.url}) ${why}`);
}

describe('links in the Markdown files', () => {
  const files = markdownFiles();

  it('finds the Markdown files (README, the docs, the top-level guides)', () => {
    for (const file of ['README.md', 'wiring.md', 'SECURITY.md', 'firmware/README.md']) assert.ok(files.includes(file), `${file} is checked`);
  });

  it('knows a broken link when it sees one (this test can fail)', () => {
    assert.match(brokenBecause('README.md', 'no-such-file.md') ?? '', /does not exist/);
    assert.match(brokenBecause('README.md', 'wiring.md#no-such-heading') ?? '', /no heading/);
    assert.match(brokenBecause('README.md', '#no-such-heading') ?? '', /no heading/);
    assert.equal(brokenBecause('README.md', 'wiring.md'), undefined);
  });

  for (const file of files) {
    it(`every local link in ${file} resolves`, () => {
      const broken = wrongLinks(file, (url) => brokenBecause(file, url));
      assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
    });
  }
});

describe('links in the Markdown files the package ships', () => {
  let shipped: Set<string>;
  let shippedMarkdown: string[];

  before(async () => {
    const { files } = await packedTarball();
    shipped = new Set(files.map((file) => file.path));
    // pinmesh's own pages: the bundled johnny-five's are its own.
    shippedMarkdown = [...shipped].filter((path) => path.endsWith('.md') && !path.startsWith('node_modules/')).sort();
  });

  it('ships the README, the docs and the guides they link to', () => {
    for (const file of ['README.md', 'docs/getting-started.md', 'docs/commands.md', 'wiring.md', 'SECURITY.md', 'firmware/README.md', 'CHANGELOG.md']) {
      assert.ok(shippedMarkdown.includes(file), `${file} is in the package`);
    }
  });

  it('knows a link to a file the package does not hold when it sees one (this test can fail)', () => {
    assert.match(unshippedBecause('README.md', 'src/index.ts', shipped) ?? '', /src\/index\.ts is not in the package/);
    assert.match(unshippedBecause('docs/simulator.md', '../test/', shipped) ?? '', /test is not in the package/);
    assert.match(unshippedBecause('README.md', '../elsewhere.md', shipped) ?? '', /outside the package/);
    assert.equal(unshippedBecause('docs/hardware.md', '../wiring.md#troubleshooting', shipped), undefined);
    assert.equal(unshippedBecause('README.md', 'examples/', shipped), undefined, 'a folder the package holds files of');
  });

  it('every local link of every shipped Markdown file names a file the package holds', () => {
    const unshipped = shippedMarkdown.flatMap((file) => wrongLinks(file, (url) => unshippedBecause(file, url, shipped)));
    assert.deepEqual(unshipped, [], `links to what node_modules/pinmesh does not hold:\n${unshipped.join('\n')}`);
  });
});
