/**
 * The README is the front door: small enough to read (12 KB at most), its first lines the two
 * commands that work in a clone, its sketch one that runs as written, and a table of contents that
 * reaches every page of docs/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, hasNoStackTrace, startCli } from '../support/cli.js';
import { codeBlocks } from '../support/markdown.js';
import { ArticleClient } from '../support/ws-client.js';

const README_BUDGET = 12 * 1024;

describe('README.md', () => {
  it(`is at most ${README_BUDGET / 1024} KB`, () => {
    const size = statSync('README.md').size;
    assert.ok(size <= README_BUDGET, `README.md is ${size} bytes, over its budget of ${README_BUDGET}: move the detail to docs/`);
  });

  it('starts with the two commands, and package.json has both scripts', () => {
    const [first] = codeBlocks('README.md');
    assert.equal(first?.heading, 'pinmesh', 'the first code block comes before any section');
    const commands = first!.value.split('\n').map((line) => line.replace(/#.*$/, '').trim());
    assert.deepEqual(commands, ['npm install && npm start', 'npm install && npm test']);
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.ok(scripts.start && scripts.test, 'npm start and npm test exist');
  });

  it('links every page of docs/ (its table of contents)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const pages = readdirSync('docs').filter((name) => name.endsWith('.md') && name !== 'soak-results.md');
    assert.ok(pages.length >= 10, `docs/ has its pages (${pages.join(', ')})`);
    const missing = pages.filter((page) => !readme.includes(`](docs/${page}`));
    assert.deepEqual(missing, [], 'every docs/ page is linked from the README');
  });

  it("its own sketch runs as written: pinmesh run lamp.ts answers 'on' on /desk", async () => {
    const sketch = codeBlocks('README.md').find((block) => block.heading === 'Your own sketch' && block.lang === 'ts');
    assert.ok(sketch, 'the README has a ```ts block under "Your own sketch"');
    const run = codeBlocks('README.md').find((block) => block.heading === 'Your own sketch' && block.lang === 'sh');
    assert.match(run?.value ?? '', /^npx pinmesh run lamp\.ts --port 9000/m);
    assert.match(run?.value ?? '', /→ lamp on \(asked on \/desk\)/);
    const dir = await mkdtemp(join(tmpdir(), 'pinmesh-readme-'));
    try {
      await writeFile(join(dir, 'lamp.ts'), sketch.value);
      const port = await freePort();
      const cli = startCli(['run', join(dir, 'lamp.ts'), '--port', String(port), '--json']);
      const listening = await Promise.race([cli.waitForEvent((e) => e.event === 'listening').then(() => true), cli.exited.then(() => false)]);
      if (!listening) assert.fail(`pinmesh run lamp.ts exited before listening: ${(await cli.exited).stderr}`);
      const client = await ArticleClient.connect(`ws://127.0.0.1:${port}/desk`);
      assert.equal(await client.request('on'), 'lamp on (asked on /desk)');
      assert.equal(await client.request('off'), 'lamp off (asked on /desk)');
      await client.close();
      cli.child.kill('SIGINT');
      const result = await cli.exited;
      assert.ok(hasNoStackTrace(result.stderr), result.stderr);
      assert.ok(cli.events().some((e) => e.event === 'pin' && e.pin === 13 && e.value === 1), 'pin 13 went HIGH on the board');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
