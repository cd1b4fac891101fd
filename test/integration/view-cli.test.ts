import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { freeCircuitFile, freePort, hasNoStackTrace, runCli, startCli } from '../support/cli.js';

describe('pinmesh … --view', () => {
  it('circuit --view prints the page URL, and keeps serving after the clock is done until Ctrl-C', async () => {
    const circuit = await freeCircuitFile();
    const viewPort = await freePort();
    const cli = startCli(['circuit', '--board', 'mock', '--json', '--ticks', '2', '--delay', '0', '--hold', '0', '--view', '--view-port', String(viewPort), '--circuit', circuit.path]);
    const view = await cli.waitForEvent((e) => e.event === 'view');
    assert.equal(view.url, `http://127.0.0.1:${viewPort}/`);
    assert.equal(view.signIn, false);
    await cli.waitForEvent((e) => e.event === 'done');
    const page = await fetch(String(view.url));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<wokwi-arduino-uno/);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    assert.equal(result.code, 130, result.stderr);
  });

  it('iopin --view serves the view of one node, its peer drawn as elsewhere', async () => {
    const circuit = await freeCircuitFile();
    const viewPort = await freePort();
    const cli = startCli(['iopin', '--json', '--view', '--view-port', String(viewPort), '--circuit', circuit.path]);
    const view = await cli.waitForEvent((e) => e.event === 'view');
    await cli.waitForEvent((e) => e.event === 'board');
    const feed = await fetch(`${String(view.url)}feed`);
    const reader = feed.body!.getReader();
    let text = '';
    while (!text.includes('\n\n', text.indexOf('data:'))) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const snapshot = JSON.parse(text.slice(text.indexOf('data: ') + 6, text.indexOf('\n\n', text.indexOf('data: '))));
    assert.deepEqual(snapshot.state.layout.nodes.map((n: { name: string; local: boolean }) => [n.name, n.local]), [['iopin', true], ['buzzer', false]]);
    cli.child.kill('SIGINT');
    assert.equal((await cli.exited).code, 130);
  });

  it('a view port in use is one line of advice', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const circuit = await freeCircuitFile();
    const result = await runCli(['circuit', '--board', 'mock', '--ticks', '1', '--view', '--view-port', String(port), '--circuit', circuit.path]);
    busy.close();
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /the port is in use; pick another with --view-port/);
    assert.ok(hasNoStackTrace(result.stderr));
  });
});
