import { createUnoBoard } from '../../src/boards/uno-board.js';
import { boardContract } from './board-contract.js';

// A real Uno running StandardFirmata, when PINMESH_TEST_PORT names its serial port
// (e.g. PINMESH_TEST_PORT=/dev/ttyACM0 npm test). Pending otherwise.
const port = process.env.PINMESH_TEST_PORT;

boardContract(
  `real Uno on ${port ?? 'PINMESH_TEST_PORT'}`,
  async () => ({ board: await createUnoBoard({ serialPort: port }) }),
  { source: 'host', unplugged: false, noInputs: 'the inputs of a real Uno cannot be driven from a test', skip: port ? undefined : 'set PINMESH_TEST_PORT to the serial port of an Uno running StandardFirmata' },
);
