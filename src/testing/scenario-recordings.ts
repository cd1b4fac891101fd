/**
 * Where `pinmesh test --record FILE` puts each scenario's recording: one scenario, FILE itself;
 * several, one file each beside it, named after the scenario file: `--record runs/out.vcd` with
 * blink.test.yaml and turnstile.test.yaml gives runs/out-blink.test.vcd and
 * runs/out-turnstile.test.vcd (two scenario files of one name, from two folders, are told apart by
 * their place: out-1-blink.test.vcd, out-2-blink.test.vcd).
 */
import { basename, extname } from 'node:path';

export function scenarioRecordings(record: string, scenarioFiles: readonly string[]): string[] {
  if (scenarioFiles.length === 1) return [record];
  const extension = extname(record);
  const stem = record.slice(0, record.length - extension.length);
  const names = scenarioFiles.map((file) => basename(file).replace(/\.ya?ml$/i, ''));
  return names.map((name, index) => {
    const shared = names.indexOf(name) !== names.lastIndexOf(name);
    return `${stem}-${shared ? `${index + 1}-` : ''}${name}${extension}`;
  });
}
