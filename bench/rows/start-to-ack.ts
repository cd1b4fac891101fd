/** Row 8 of issue 8: `pinmesh circuit --board mock` start → first ack, against the article's three processes. */
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
      goal: { text: '≤ 250 ms', met: ({ subject }) => subject.median <= 250 },
    },
  ],
  round: async (context) => {
    const { subject, anchor } = await inTurn(context, () => circuitStartToFirstAck('mock'), articleStartToFirstAck);
    return [{ subject, anchor }];
  },
};
