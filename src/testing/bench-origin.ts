/**
 * Where a bench was started, for the warning about one its test forgot to stop: the node:test test
 * running then (running-node-test.ts) and the line of the test file that called testSketch() or
 * testCircuit(), which is what a person looks for ("forgot.test.mjs:7"). Taken when the call is
 * made, before its first await, while the caller is still on the stack.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runningNodeTest } from './running-node-test.js';

export interface BenchOrigin {
  /** The node:test test that started it, by its full name ("the lamp > forgets to stop"). */
  test?: string;
  /** The caller's file and line, relative to the folder the tests run from: "test/lamp.test.mjs:7". */
  line?: string;
  /** The stack from the caller down, for `node --trace-warnings`. */
  stack?: string;
  /** The call that started it: "testSketch", "testCircuit". */
  call?: string;
}

/** Where `callee` (testSketch, testCircuit) is being called from, now. */
export function benchOrigin(callee: (...args: never[]) => unknown): BenchOrigin {
  const test = runningNodeTest();
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, callee);
  const frames = (holder.stack ?? '').split('\n').slice(1);
  const line = frames.length > 0 ? fileLine(frames[0]!) : undefined;
  return { call: callee.name, ...(test !== undefined && { test }), ...(line !== undefined && { line }), ...(frames.length > 0 && { stack: frames.join('\n') }) };
}

/** "    at file:///x/lamp.test.mjs:7:25" or "    at f (/x/lamp.test.ts:7:25)" → "lamp.test.mjs:7" (from the current folder). */
function fileLine(frame: string): string | undefined {
  const match = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/.exec(frame.trim());
  if (!match) return undefined;
  const [, where = '', line] = match;
  let path = where;
  try {
    if (where.startsWith('file://')) path = fileURLToPath(where);
  } catch {
    return undefined;
  }
  if (!isAbsolute(path)) return `${path}:${line}`;
  const fromHere = relative(process.cwd(), path);
  return `${fromHere !== '' && !fromHere.startsWith(`..${sep}`) && fromHere !== '..' && !isAbsolute(fromHere) ? fromHere : path}:${line}`;
}
