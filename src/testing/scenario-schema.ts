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

/** A step as the runner sees it: its action's name and checked arguments, and the reply it expects (send). */
export type Step = { [K in StepName]: { action: K; args: z.output<(typeof stepActions)[K]>; expect?: string } }[StepName];

const stepShape = z.record(z.string(), z.unknown()).check(
  z.superRefine((raw, context) => {
    const actions = Object.keys(raw).filter((key) => key !== 'expect');
    const unknown = actions.find((key) => !(stepNames as string[]).includes(key));
    if (unknown !== undefined) {
      context.addIssue({ code: 'custom', path: [unknown], message: `unknown step "${unknown}": a step is one of ${stepNames.join(', ')}` });
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
    return { action, args: parsed.data, ...(typeof raw.expect === 'string' && { expect: raw.expect }) } as Step;
  }),
);

/** The boards a scenario runs on: the mock board, in virtual time, or the simulated Uno, in its MCU's time. */
export const scenarioBoards = ['mock', 'sim'] as const;
export type ScenarioBoard = (typeof scenarioBoards)[number];

export const scenarioSchema = z
  .strictObject({
    name: nonEmptyText,
    board: z._default(z.enum(scenarioBoards), 'mock'),
    /** A sketch file (relative to the scenario file), or a built-in's name. */
    sketch: z.optional(nonEmptyText),
    /** A circuit file (relative to the scenario file), or "article": the article's circuit. */
    circuit: z.optional(nonEmptyText),
    /** The circuit's clocks: how many ticks, how far apart. */
    clock: z.optional(z.strictObject({ ticks: z.optional(z.number().check(z.int(), z.minimum(0))), delay: z.optional(duration) })),
    options: z._default(z.record(z.string(), z.unknown()), {}),
    seed: z.optional(z.number().check(z.int())),
    steps: z.array(step).check(z.minLength(1)),
  })
  .check(
    z.superRefine((scenario, context) => {
      if ((scenario.sketch === undefined) === (scenario.circuit === undefined)) {
        context.addIssue({ code: 'custom', path: [], message: 'a scenario runs a "sketch" (a file or a built-in) or a "circuit" (a file, or "article"): give one of them' });
      }
    }),
  );

export type Scenario = z.output<typeof scenarioSchema>;
