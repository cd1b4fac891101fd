/**
 * A scenario file's shape, checked with zod: a name, what runs (a sketch, a circuit, the
 * article's), on which board, with which options and seed, and its steps. Step names follow
 * Wokwi's where the meaning is the same (`delay`, `expect-pin`, `wait-pin`, `set-analog`).
 *
 *   name: blink lights the LED
 *   sketch: blink.ts
 *   options: { pin: 13 }
 *   seed: 7
 *   steps:
 *     - send: { channel: /desk, message: "on" }
 *       expect: "led on (asked on /desk)"
 *     - expect-pin: { pin: 13, value: 1 }
 *     - delay: 500ms
 */
import { BUTTON_WIRINGS } from '../devices/button.js';
import { didYouMean } from '../did-you-mean.js';
import { nonEmptyText } from '../schema.js';
import * as z from '../zod.js';
import { durationMs, pinNumber } from './durations.js';

/** A value as `parse` reads it (a duration, a pin); what `parse` throws is the field's message. */
function readBy<T>(parse: (value: string | number) => T, integer: boolean) {
  const number = integer ? z.number().check(z.int(), z.minimum(0)) : z.number().check(z.minimum(0));
  const checked = z.union([number, z.string()]).check(
    z.superRefine((value, context) => {
      try {
        parse(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  );
  return z.pipe(
    checked,
    z.transform((value: string | number) => parse(value)),
  );
}

/** A field's own message for a value of the wrong kind, and for one missing when `missing` says it. */
const said = (message: string, missing?: string) => ({
  error: ({ input }: { input: unknown }) => (input === undefined && missing !== undefined ? missing : `${message}, got ${JSON.stringify(input)}`),
});

const duration = readBy(durationMs, false);
const pin = readBy(pinNumber, true);

const level = z.union([z.literal(0), z.literal(1)], {
  error: ({ input }) =>
    typeof input === 'number' && input > 1 && input <= 255
      ? `a level is 0 or 1, got ${input}: a PWM duty (0–255) is checked with expect-pwm or wait-pwm`
      : `a level is 0 or 1, got ${JSON.stringify(input)}`,
});
const duty = z.number({ error: ({ input }) => `a PWM duty is 0–255, got ${JSON.stringify(input)}` }).check(
  z.int({ error: ({ input }) => `a PWM duty is a whole number 0–255, got ${JSON.stringify(input)}` }),
  z.minimum(0, { error: ({ input }) => `a PWM duty is 0–255, got ${JSON.stringify(input)}` }),
  z.maximum(255, { error: ({ input }) => `a PWM duty is 0–255, got ${JSON.stringify(input)}` }),
);

/**
 * A step's arguments, whose unknown key says what the step takes and the key it was likely meant to
 * be (`unknown key "fro" in press: it takes pin, for, wiredTo: did you mean "for"?`); `expect` inside
 * a send's braces says where it goes.
 */
function stepFields<Shape extends z.core.$ZodLooseShape>(step: string, shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const [typed = ''] = issue.keys;
      if (typed === 'expect' && step === 'send') return 'expect goes beside send, not inside its braces: - send: { channel: /desk, message: "on" } then, on the next line, expect: "…"';
      return `unknown key ${JSON.stringify(typed)} in ${step}: it takes ${known.join(', ')}${didYouMean(typed, known)}`;
    },
  });
}

/** Each step's action, by its name in the file. */
export const stepActions = {
  send: stepFields('send', { channel: nonEmptyText, message: z.string(), node: z.optional(nonEmptyText), timeout: z.optional(duration) }),
  'expect-pin': stepFields('expect-pin', { pin, value: level }),
  delay: duration,
  'wait-pin': stepFields('wait-pin', { pin, value: level, timeout: z._default(duration, 5_000) }),
  'expect-pwm': stepFields('expect-pwm', { pin, duty }),
  'wait-pwm': stepFields('wait-pwm', { pin, duty, timeout: z._default(duration, 5_000) }),
  press: stepFields('press', { pin, for: z.optional(duration), wiredTo: z.optional(z.enum(BUTTON_WIRINGS, { error: (issue) => `a button is wired to ground or 5v, got ${JSON.stringify(issue.input)}` })) }),
  release: stepFields('release', { pin }),
  'set-analog': stepFields('set-analog', { pin, value: z.number().check(z.int(), z.minimum(0), z.maximum(1023)) }),
  'expect-tone': stepFields('expect-tone', { pin, frequency: z.optional(z.number().check(z.positive())), tolerance: z.optional(z.number().check(z.minimum(0))) }),
  'expect-servo': stepFields('expect-servo', { pin, angle: z.number().check(z.minimum(0), z.maximum(180)) }),
  'wait-done': stepFields('wait-done', { timeout: z._default(duration, 60_000) }),
} as const;

export type StepName = keyof typeof stepActions;
export const stepNames = Object.keys(stepActions) as StepName[];

/**
 * A step as the runner sees it: its action's name and checked arguments, and the reply it expects
 * (send); `pin` the pin as the file wrote it ("A0", where `args.pin` is 14), for the step's name.
 */
export type Step = { [K in StepName]: { action: K; args: z.output<(typeof stepActions)[K]>; expect?: string; pin?: string | number } }[StepName];

const stepShape = z.record(z.string(), z.unknown(), said('a step is one action and what it takes (- delay: 1s, - expect-pin: { pin: 13, value: 1 })')).check(
  z.superRefine((raw, context) => {
    const actions = Object.keys(raw).filter((key) => key !== 'expect');
    const unknown = actions.find((key) => !(stepNames as string[]).includes(key));
    if (unknown !== undefined) {
      context.addIssue({ code: 'custom', path: [unknown], message: `unknown step "${unknown}"${didYouMean(unknown, stepNames)}: a step is one of ${stepNames.join(', ')}` });
      return;
    }
    if (actions.length !== 1) context.addIssue({ code: 'custom', message: `a step has one action (${stepNames.join(', ')}), got ${actions.length ? actions.join(' and ') : 'none'}` });
    if ('expect' in raw && !('send' in raw)) context.addIssue({ code: 'custom', path: ['expect'], message: '"expect" goes with a "send" step: the reply expected' });
    if ('expect' in raw && typeof raw.expect !== 'string') context.addIssue({ code: 'custom', path: ['expect'], message: 'the reply expected is a text' });
  }),
);

const step = z.pipe(
  stepShape,
  z.transform((raw: Record<string, unknown>, context): Step => {
    const action = Object.keys(raw).find((key) => key !== 'expect') as StepName;
    const parsed = stepActions[action].safeParse(raw[action]);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.issues.push({ ...issue, path: [action, ...issue.path] } as never);
      return z.NEVER;
    }
    const written = raw[action] as { pin?: unknown };
    const pin = typeof written === 'object' && written !== null && (typeof written.pin === 'string' || typeof written.pin === 'number') ? written.pin : undefined;
    return { action, args: parsed.data, ...(typeof raw.expect === 'string' && { expect: raw.expect }), ...(pin !== undefined && { pin }) } as Step;
  }),
);

/** The boards a scenario runs on: the mock board, in virtual time, or the simulated Uno, in its MCU's time. */
export const scenarioBoards = ['mock', 'sim'] as const;
export type ScenarioBoard = (typeof scenarioBoards)[number];
/** What each board is, for the choices a mistake is told (a file's `board`, `pinmesh test --board`). */
export const SCENARIO_BOARD_CHOICES = "mock (the mock board, in virtual time) and sim (the simulated Uno, in its MCU's time)";

const text = (message: string, missing?: string) => z.string(said(message, missing)).check(z.minLength(1, said(message, missing)));

const scenarioFields = {
  name: text('a scenario\'s name says what it shows (name: blink lights the LED)', 'a scenario needs a name: what it shows (name: blink lights the LED)'),
  board: z._default(
    z.enum(scenarioBoards, {
      error: ({ input }) => `a scenario runs on ${SCENARIO_BOARD_CHOICES.replace(' and ', ' or ')}, got ${JSON.stringify(input)}${typeof input === 'string' ? didYouMean(input, scenarioBoards) : ''}`,
    }),
    'mock',
  ),
  /** A sketch file (relative to the scenario file), or a built-in's name. */
  sketch: z.optional(text('a sketch file (relative to the scenario file) or a built-in\'s name (iopin, buzzer)')),
  /** A circuit file (relative to the scenario file), or "article": the article's circuit. */
  circuit: z.optional(text('a circuit file (relative to the scenario file) or article')),
  /** The circuit's clocks: how many ticks, how far apart. */
  clock: z.optional(
    z.strictObject(
      { ticks: z.optional(z.number(said('a number of ticks (0: until stopped)')).check(z.int(said('a whole number of ticks')), z.minimum(0, said('a number of ticks is 0 or more')))), delay: z.optional(duration) },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key ${JSON.stringify(issue.keys[0])} in clock: it takes ticks, delay${didYouMean(issue.keys[0] ?? '', ['ticks', 'delay'])}` : `a circuit's clocks are { ticks: 5, delay: 1s }, got ${JSON.stringify(issue.input)}`) },
    ),
  ),
  options: z._default(z.record(z.string(), z.unknown(), said("the sketch's setup() options are { name: value, … } (options: { pin: 13 })")), {}),
  seed: z.optional(z.number(said('a seed is a whole number')).check(z.int(said('a seed is a whole number')))),
  steps: z.array(step, said(`a scenario's steps are a list, a step a line (- delay: 1s)`, `a scenario needs steps: a list, a step a line (- send: { channel: /desk, message: "on" }); a step is one of ${stepNames.join(', ')}`)).check(
    z.minLength(1, { error: `a scenario needs at least one step: a step is one of ${stepNames.join(', ')}` }),
  ),
};
const scenarioKeys = Object.keys(scenarioFields);

export const scenarioSchema = z
  .strictObject(scenarioFields, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown key ${JSON.stringify(issue.keys[0])}: a scenario takes ${scenarioKeys.join(', ')}${didYouMean(issue.keys[0] ?? '', scenarioKeys)}`;
      return `a scenario file holds a name, what runs and its steps (name: …, sketch: …, steps: …), got ${JSON.stringify(issue.input)}`;
    },
  })
  .check(
    z.superRefine((scenario, context) => {
      if ((scenario.sketch === undefined) === (scenario.circuit === undefined)) {
        context.addIssue({ code: 'custom', path: [], message: 'a scenario runs a "sketch" (a file or a built-in) or a "circuit" (a file, or "article"): give one of them' });
      }
    }),
  );

export type Scenario = z.output<typeof scenarioSchema>;
