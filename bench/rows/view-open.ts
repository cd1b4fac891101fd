/**
 * Issue 10, item 4 (a place kept for it): circuit tick → ack on the mock board with the live view's
 * page open, against the same circuit without the view. Goal: within 10%.
 *
 * To fill in once `pinmesh circuit --view` exists: start the circuit twice per round (startCircuit
 * with `--view`, and without), connect a feed client to the view as the page would (snapshot, then
 * changes, read to the end) during the ticks, and return the p50 of tickLatencies for each.
 */
import type { Row } from '../lib/row.js';

export const viewOpenRow: Row = {
  id: 'view-open',
  group: 'view',
  skip: () => 'not measured yet: needs `pinmesh circuit --view` and its feed (issue 10)',
  figures: [
    {
      label: 'circuit tick→ack, mock board, with the view open: p50 (ms)',
      anchor: 'the same circuit, no view',
      unit: 'ms',
      comparison: 'lower',
      goal: { text: 'within 10%', met: ({ ratio }) => ratio.median >= 1 / 1.1 },
    },
  ],
  round: async () => {
    throw new Error('not written yet (issue 10)');
  },
};
