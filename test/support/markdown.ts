/** Markdown as GitHub reads it (GFM), for the tests that hold the docs to the code. */
import { readFileSync } from 'node:fs';
import type { Code, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import { visit } from 'unist-util-visit';

const trees = new Map<string, Root>();

/** The file's syntax tree (parsed once per process). */
export function parseMarkdown(file: string): Root {
  let tree = trees.get(file);
  if (!tree) {
    tree = fromMarkdown(readFileSync(file, 'utf8'), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    trees.set(file, tree);
  }
  return tree;
}

/** A fenced code block, with the heading it sits under. */
export interface CodeBlock {
  lang: string | undefined;
  /** What follows the language on the fence line: ```sh pack → "pack". */
  meta: string | undefined;
  value: string;
  heading: string | undefined;
  line: number;
}

/** Every fenced code block of the file, in order. */
export function codeBlocks(file: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let heading: string | undefined;
  visit(parseMarkdown(file), (node) => {
    if (node.type === 'heading') heading = toString(node);
    if (node.type === 'code') {
      const code = node as Code;
      blocks.push({ lang: code.lang ?? undefined, meta: code.meta ?? undefined, value: code.value, heading, line: code.position?.start.line ?? 0 });
    }
  });
  return blocks;
}

/** The one code block whose fence says ```<lang> <meta>; throws, naming the file, when there is none or several. */
export function codeBlock(file: string, lang: string, meta: string): CodeBlock {
  const found = codeBlocks(file).filter((block) => block.lang === lang && block.meta === meta);
  if (found.length !== 1) throw new Error(`${file} should have exactly one \`\`\`${lang} ${meta} block; it has ${found.length}`);
  return found[0]!;
}
