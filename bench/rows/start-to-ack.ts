/** `pinmesh circuit --board mock` start → first ack, against the article's three processes (issue 22: no later). */
import { articleStartToFirstAck, python, pythonMissing } from '../lib/article.js';
import { circuitStartToFirstAck } from '../lib/pinmesh.js';
import { inTurn, type Row } from '../lib/row.js';

export const startToAckRow: Row = {
  id: 'start',
  group: 'start',
  skip: () => (python ? undefined : pythonMissing),
  figures: [
    {
      label: '`pinmesh circuit --board mock` start → first ack (ms)',
      anchor: "the article's 3 Python processes",
      unit: 'ms',
      comparison: 'lower',
      goal: { text: "≤ Python's (ratio ≥ 1.00×)", met: ({ ratio }) => ratio.median >= 1 },
    },
  ],
  round: async (context) => {
    const { subject, anchor } = await inTurn(context, () => circuitStartToFirstAck('mock'), articleStartToFirstAck);
    return [{ subject, anchor }];
  },
};
