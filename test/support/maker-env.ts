/**
 * The environment of a maker's shell, for what the package tests run as a maker would (npm install,
 * npx pinmesh, the maker's own `npm test`): this one's, less what `npm test` and node:test set for
 * this run (the `npm_*` variables, NODE_TEST_CONTEXT: the maker's `node --test` is no child of this
 * run), with the repository's bins off PATH, npm quiet, and NODE_EXTRA_CA_CERTS as the shell had it
 * (the suite runs without it: test/run-tests.ts).
 */
import { delimiter } from 'node:path';

/** Where test/run-tests.ts keeps the shell's NODE_EXTRA_CA_CERTS while the suite runs without it. */
export const SHELL_EXTRA_CA_CERTS = 'PINMESH_SHELL_EXTRA_CA_CERTS';

export function makersEnvironment(repo: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_|^NODE_TEST_CONTEXT$/i.test(key) && key !== SHELL_EXTRA_CA_CERTS) env[key] = value;
  const extraCaCerts = process.env[SHELL_EXTRA_CA_CERTS];
  if (extraCaCerts !== undefined) env.NODE_EXTRA_CA_CERTS = extraCaCerts;
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.startsWith(repo)).join(delimiter);
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}
