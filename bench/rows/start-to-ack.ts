/** `pinmesh circuit --board mock` start → first ack, against the article's three processes (issue 22: no later). */
import { articleStartToFirstAck, python, pythonMissing } from '../lib/article.js';
import { circuitStartToFirstAck } from '../lib/pinmesh.js';
import { inTurn, type Figure, type Goal, type Row } from '../lib/row.js';

const goal: Goal = { text: "≤ Python's (ratio ≥ 1.00×)", met: ({ ratio }) => ratio.median >= 1 };

/**
 * Where the bench's environment names extra CA certificates (NODE_EXTRA_CA_CERTS, as behind a
 * proxy that inspects TLS), Node 20 reads and parses them, with its whole root store, before any
 * JavaScript runs: about 37 ms of every Node 20 process's start here (Node 24 loads them when TLS
 * first needs them; Python never reads the variable). pinmesh cannot change that, so the row also
 * times the start in Node's default environment: the variable removed, the same run, the same anchor.
 */
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
const { NODE_EXTRA_CA_CERTS: _set, ...defaultEnv } = process.env;

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
      goal,
    },
    ...(extraCaCerts
      ? [
          {
            label: 'the same, without NODE_EXTRA_CA_CERTS (set here: Node 20 reads those certificates before any JavaScript runs)',
            anchor: "the article's 3 Python processes",
            unit: 'ms',
            comparison: 'lower',
            goal,
          } satisfies Figure,
        ]
      : []),
  ],
  round: async (context) => {
    const { subject, anchor } = await inTurn(
      context,
      async () => [await circuitStartToFirstAck('mock'), ...(extraCaCerts ? [await circuitStartToFirstAck('mock', defaultEnv)] : [])],
      async () => [await articleStartToFirstAck()],
    );
    return subject.map((ms) => ({ subject: ms, anchor: anchor[0]! }));
  },
};
