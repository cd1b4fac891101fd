import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
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
    // Said once the clock is done, so the person knows why the command goes on.
    const staying = await cli.waitForEvent((e) => e.event === 'log' && e.node === 'view');
    assert.equal(staying.text, `the run is done; the live view stays on ${String(view.url)} until you stop it (Ctrl-C)`);
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

  it('a view port that is one of the run’s own node ports is refused before anything listens, naming the node', async () => {
    const circuit = await freeCircuitFile();
    const result = await runCli(['circuit', '--board', 'mock', '--ticks', '1', '--view-port', String(circuit.buzzer), '--circuit', circuit.path]);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr.trim(), `pinmesh: --view-port ${circuit.buzzer} is the port buzzer of this run listens on: choose another with --view-port (default 8780)`);
  });

  it('a page reaching the view by another host name is refused and reported as such (DNS rebinding), not as an origin', async () => {
    const circuit = await freeCircuitFile();
    const viewPort = await freePort();
    const cli = startCli(['circuit', '--board', 'mock', '--json', '--ticks', '1', '--delay', '0', '--view-port', String(viewPort), '--circuit', circuit.path]);
    try {
      const view = await cli.waitForEvent((e) => e.event === 'view');
      const refused = await new Promise<number>((resolve, reject) => {
        // fetch() will not send another Host: a raw request does, as a rebound page's would.
        const request = httpRequest({ host: '127.0.0.1', port: viewPort, path: '/', headers: { Host: `evil.example:${viewPort}` } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
      assert.equal(refused, 403);
      const event = await cli.waitForEvent((e) => e.event === 'auth');
      assert.deepEqual([event.reason, event.host], ['host', `evil.example:${viewPort}`]);
      assert.equal(event.advice, `a page reached this view by another name: open it at ${String(view.url)}`);
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
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
