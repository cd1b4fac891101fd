#!/usr/bin/env node
// Runs the npm scripts it is given at the same time (`node scripts/run-together.mjs build build:test`),
// for steps that do not depend on each other, such as npm test's checks before the tests. Each
// script's output is printed whole when it ends, so two outputs never interleave; the exit code is
// the first failure's (1 when a script is killed), or 0 when every script passed. No dependency:
// npm-run-all would do the same for one line of package.json.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/run-together.mjs SCRIPT [SCRIPT…] (npm scripts of package.json)');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();

function run(name) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const output = Buffer.concat(chunks).toString().trimEnd();
      const verdict = code === 0 ? 'passed' : `FAILED (exit ${code ?? 'by signal'})`;
      process.stdout.write(`> npm run ${name}: ${verdict} after ${seconds} s\n${output ? `${output}\n` : ''}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(names.map(run));
process.exitCode = codes.find((code) => code !== 0) ?? 0;
