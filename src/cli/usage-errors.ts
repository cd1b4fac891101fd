import type { Command } from 'commander';

/**
 * What commander says of a command's usage (an unknown option or command, a missing or extra
 * argument, a value its parser refused), as one line that says what to do:
 *
 *   pinmesh circuit: unknown option '--boards' (did you mean --board?): run pinmesh circuit --help for its options
 *
 * Commander still parses, refuses and suggests (showSuggestionAfterError); this only words what it
 * says, on every command of `program`, after the advice a command adds (usage-advice.ts): a line
 * with advice of its own, or a value refused with what is expected, needs no pointer to --help.
 */
export function oneLineUsageErrors(program: Command): Command {
  for (const command of program.commands) oneLineUsageErrors(command);
  const advise = program.configureOutput().outputError ?? ((text: string, write: (text: string) => void) => write(text));
  return program.configureOutput({
    outputError: (text, write) => {
      const said = inlineSuggestion(text);
      advise(said, (advised) => write(usageLine(said, advised, program)));
    },
  });
}

/** `error: unknown option '--boards'\n(Did you mean --board?)\n` as `error: unknown option '--boards' (did you mean --board?)\n`. */
function inlineSuggestion(text: string): string {
  return text.replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)');
}

/** The one line: `pinmesh COMMAND: what is wrong`, and where to look when nothing else says what to do. */
function usageLine(said: string, advised: string, command: Command): string {
  const name = commandPath(command);
  const what = advised
    .trim()
    .replace(/^error: /, '')
    .replace(/^too many arguments for '[^']*'/, 'too many arguments') // The line starts with the command's name.
    .replace(/\s*\n\s*/g, ' ');
  const advice = advised !== said || / is invalid\b/.test(what);
  if (advice) return `${name}: ${what}\n`;
  const look = /^unknown command /.test(what) ? 'its commands' : 'its options';
  return `${name}: ${what.replace(/\.$/, '')}: run ${name} --help for ${look}\n`;
}

/** `pinmesh firmware fetch`: the command's name after its parents'. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}
