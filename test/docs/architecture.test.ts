/**
 * ARCHITECTURE.md names real code: every `path` it names (in code spans and links) exists, and every
 * `path:name` names a function, class, variable or type declared at the top of that file, or
 * `path:Class.member` a method or property of that class. Read with the TypeScript compiler's own
 * parser, so a name in a comment or a string does not count.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { visit } from 'unist-util-visit';
import { parseMarkdown } from '../support/markdown.js';

const reference = /^((?:src|test|bench|scripts|docs|firmware|examples)\/[\w./-]*)(?::([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?))?$/;

interface Named {
  path: string;
  name: string | undefined;
  line: number;
}

/** Every `path` and `path:name` in a Markdown file, from its code spans and its links. */
export function referencesIn(file: string): Named[] {
  const found: Named[] = [];
  visit(parseMarkdown(file), (node) => {
    const text = node.type === 'inlineCode' ? node.value : node.type === 'link' ? node.url : undefined;
    const match = text === undefined ? null : reference.exec(text);
    if (match) found.push({ path: match[1]!, name: match[2], line: node.position?.start.line ?? 0 });
  });
  return found;
}

/** The names declared at the top of a TypeScript file, and each class's members as `Class.member`. */
export function declaredNames(path: string): Set<string> {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  for (const statement of source.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    }
    if (ts.isClassDeclaration(statement) && statement.name) {
      const owner = statement.name.text;
      names.add(owner);
      for (const member of statement.members) {
        if (member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) names.add(`${owner}.${member.name.text}`);
      }
    }
  }
  return names;
}

describe('ARCHITECTURE.md', () => {
  const named = referencesIn('ARCHITECTURE.md');

  it('names code, file by file and function by function (the path of a tick among them)', () => {
    assert.ok(named.length >= 40, `it names ${named.length} paths`);
    assert.ok(named.filter((entry) => entry.name).length >= 25, 'most hops name their function');
  });

  it('can tell a name that is not there (this test can fail)', () => {
    const names = declaredNames('src/sketches/clock.ts');
    assert.ok(names.has('runClock'));
    assert.ok(!names.has('runClocks'));
    assert.ok(declaredNames('src/runtime/peer-link.ts').has('PeerLink.exclusive'));
    assert.ok(!declaredNames('src/runtime/peer-link.ts').has('PeerLink.nothing'));
  });

  it('every path it names exists', () => {
    const missing = named.filter((entry) => !existsSync(entry.path)).map((entry) => `ARCHITECTURE.md:${entry.line}: ${entry.path}`);
    assert.deepEqual(missing, [], `paths that do not exist:\n${missing.join('\n')}`);
  });

  it('every path:function it names is declared in that file', () => {
    const wrong = named
      .filter((entry) => entry.name !== undefined && existsSync(entry.path))
      .filter((entry) => !declaredNames(entry.path).has(entry.name!))
      .map((entry) => `ARCHITECTURE.md:${entry.line}: ${entry.path}:${entry.name}`);
    assert.deepEqual(wrong, [], `names not declared where ARCHITECTURE.md says:\n${wrong.join('\n')}`);
  });
});
