/** The printed comparison: a Markdown table, one line a figure, medians and spread over the rounds. */
import type { Compared, Figure, Unit } from './row.js';
import type { Summary } from './stats.js';

export type Outcome = { figure: Figure; compared: Compared } | { figure: Figure; note: string };

function value(n: number, unit: Unit): string {
  if (!Number.isFinite(n)) return 'n/a';
  switch (unit) {
    case '/s':
      return Math.round(n).toLocaleString('en-US');
    case 'ms':
      return n < 10 ? n.toFixed(2) : n.toFixed(1);
    case 'µs':
      return Math.round(n).toLocaleString('en-US');
    case '% of a core':
      return n.toFixed(2);
    case 'MB/s':
      return `${n >= 0 ? '+' : ''}${n.toFixed(3)}`;
    case '×':
      return n.toFixed(4);
    case 'nodes':
      return String(Math.round(n));
  }
}

const suffix = (unit: Unit): string => (unit === '% of a core' ? '%' : unit === '/s' ? '/s' : unit === '×' ? '' : ` ${unit}`);

function spread(summary: Summary, format: (n: number) => string): string {
  const median = format(summary.median);
  if (summary.count < 2 || format(summary.min) === format(summary.max)) return median;
  return `${median} (${format(summary.min)}–${format(summary.max)})`;
}

function ratio(figure: Figure, summary: Summary): string {
  if (figure.comparison === 'difference') return spread(summary, (n) => (Number.isFinite(n) ? `${value(n, figure.unit)}${suffix(figure.unit)}` : 'n/a'));
  const digits = figure.comparison === 'tracking' ? 4 : 2;
  return spread(summary, (n) => `${n < 0.1 && figure.comparison !== 'tracking' ? n.toPrecision(2) : n.toFixed(digits)}×`);
}

/** The table's columns, in order. */
export const tableHeader = ['figure', 'pinmesh, median (min–max)', 'anchor, same run', 'anchor, median (min–max)', 'pinmesh vs anchor ¹', 'goal', 'met', 'rounds'] as const;

export function table(outcomes: Outcome[]): string {
  const header = [...tableHeader];
  const lines = outcomes.map((outcome) => {
    const { figure } = outcome;
    if ('note' in outcome) return [figure.label, '—', figure.anchor, '—', '—', figure.goal?.text ?? '', outcome.note, '0'];
    const { subject, anchor, ratio: r } = outcome.compared;
    const format = (n: number): string => (Number.isFinite(n) ? `${value(n, figure.unit)}${suffix(figure.unit)}` : 'n/a');
    const met = figure.goal ? (figure.goal.met(outcome.compared) ? 'yes' : '**no**') : '';
    return [figure.label, spread(subject, format), figure.anchor, spread(anchor, format), ratio(figure, r), figure.goal?.text ?? '', met, String(subject.count)];
  });
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export const tableNote =
  '¹ ratio > 1: pinmesh better (replies/s and writes/s: pinmesh ÷ anchor; ms and CPU: anchor ÷ pinmesh); ' +
  'MB/s: pinmesh − anchor; simulated/wall: 1 is exact. Spread: min–max over the rounds.';
