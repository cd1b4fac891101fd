/**
 * A TCP port on 127.0.0.1 for programs that must be told theirs: the tests' own picker, which
 * takes ports below the ephemeral range (a port from `listen(0)`, once released, may be handed to
 * another process's outgoing connection before the program binds it; see test/support/cli.ts).
 */
export { freePort } from '../../test/support/cli.js';
