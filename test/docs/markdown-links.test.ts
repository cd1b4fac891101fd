/**
 * Every local link in every Markdown file of the repository resolves: the file or folder it names
 * exists, and a `#anchor` names a heading of the Markdown file it points to, slugged as GitHub does
 * (github-slugger). Files are parsed as GitHub Flavored Markdown (mdast-util-from-markdown with the
 * GFM extension), so links in tables, reference links and images all count, and code never does.
 * External links (http:, https:, mailto:) are not fetched.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { parseMarkdown as parse } from '../support/markdown.js';

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

/** Why `url`, written in `file`, does not resolve; undefined when it does. */
function brokenBecause(file: string, url: string): string | undefined {
  const hash = url.indexOf('#');
  const path = decodeURIComponent(hash === -1 ? url : url.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(url.slice(hash + 1));
  const target = path === '' ? resolve(file) : path.startsWith('/') ? join(repo, path) : resolve(dirname(file), path);
  const shown = relative(repo, target) || '.';
  if (!existsSync(target)) return `${shown} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(target).isDirectory()) return `${shown} is a folder: it has no #${anchor}`;
  if (!target.endsWith('.md')) return /^L\d+(-L\d+)?$/.test(anchor) ? undefined : `#${anchor} in ${shown}, which is not Markdown`;
  if (!anchorsOf(target).has(anchor)) return `${shown} has no heading whose anchor is #${anchor}`;
  return undefined;
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
      const broken = linksOf(file)
        .filter((link) => !external.test(link.url))
        .map((link) => ({ link, why: brokenBecause(file, link.url) }))
        .filter((found) => found.why !== undefined)
        .map(({ link, why }) => `${file}:${link.line}: (${link.url}) ${why}`);
      assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
    });
  }
});
