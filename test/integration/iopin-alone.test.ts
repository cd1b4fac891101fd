import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { ArticleClient } from '../support/ws-client.js';
import { freeCircuitFile, startCli } from '../support/cli.js';

/**
 * Issue 18, item 9: `pinmesh iopin` without its buzzer serves at once; each tick is answered
 * `error: buzzer not reachable (…)` while it keeps trying (one line saying so, not one per attempt),
 * and once the buzzer is up the ticks go through as in the article.
 */
describe('the iopin alone', () => {
  it('serves at once, answers each tick with an error while it keeps trying, says so once, then streams when the buzzer comes', async () => {
    const circuit = await freeCircuitFile();
    // A short --peer-timeout: the iopin's tries run out many times over while it waits.
    const iopin = startCli(['iopin', '--board', 'mock', '--peer-timeout', '0.3', '--circuit', circuit.path]);
    let buzzer: ReturnType<typeof startCli> | undefined;
    try {
      await iopin.waitForLine((line) => line.includes('serving on'));
      const clock = await ArticleClient.connect(`ws://127.0.0.1:${circuit.iopin}/clock`);
      try {
        assert.match(await clock.request('1'), /^error: buzzer not reachable \(.*\): start it \(pinmesh buzzer\)$/);
        // Long enough for several of its tries to have run out (each is 0.3 s): seen in its replies.
        await iopin.waitForLine((line) => /waiting for buzzer/.test(line));
        let reply = '';
        for (let tick = 2; !/still trying/.test(reply) || !/after trying/.test(reply); tick++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          reply = await clock.request(String(tick));
        }
        assert.match(reply, /^error: buzzer not reachable \(at ws:\/\/127\.0\.0\.1:\d+\/iopin \(.+\) after trying for \d+ s; still trying\): start it \(pinmesh buzzer\)$/);
        assert.equal(iopin.lines.filter((line) => /waiting for buzzer/.test(line)).length, 1, `one waiting line:\n${iopin.lines.join('\n')}`);

        buzzer = startCli(['buzzer', '--board', 'mock', '--circuit', circuit.path]);
        await iopin.waitForLine((line) => line.includes('buzzer answers'));
        assert.equal(await clock.request('100'), 'acknowledged');
        assert.equal(iopin.lines.filter((line) => /waiting for buzzer/.test(line)).length, 1, `still one waiting line:\n${iopin.lines.join('\n')}`);
      } finally {
        await clock.close();
      }
    } finally {
      iopin.child.kill('SIGINT');
      assert.equal((await iopin.exited).code, 130);
      if (buzzer) {
        buzzer.child.kill('SIGINT');
        await buzzer.exited;
      }
    }
  });

  it('streams the first tick that comes once the buzzer is up, not from its next try of the buzzer (up to 2 s later)', async () => {
    const circuit = await freeCircuitFile();
    const iopin = startCli(['iopin', '--board', 'mock', '--json', '--circuit', circuit.path]);
    let buzzer: ReturnType<typeof startCli> | undefined;
    try {
      // Five failed tries: the iopin now waits 1.6 s before its next one.
      await iopin.waitForEvent((e) => e.event === 'waiting' && Number(e.attempt) >= 5);
      const clock = await ArticleClient.connect(`ws://127.0.0.1:${circuit.iopin}/clock`);
      try {
        assert.match(await clock.request('1'), /^error: buzzer not reachable \(.*still trying\): start it \(pinmesh buzzer\)$/);
        buzzer = startCli(['buzzer', '--board', 'mock', '--json', '--circuit', circuit.path]);
        await buzzer.waitForEvent((e) => e.event === 'listening');
        assert.equal(await clock.request('2'), 'acknowledged');
        assert.equal(iopin.events().filter((e) => e.event === 'reached').length, 1, 'the buzzer found, said once');
      } finally {
        await clock.close();
      }
    } finally {
      iopin.child.kill('SIGINT');
      await iopin.exited;
      if (buzzer) {
        buzzer.child.kill('SIGINT');
        await buzzer.exited;
      }
    }
  });

  it("with a web server at the buzzer's address, says what answered there once its first try ran out, not to start the buzzer", async () => {
    const circuit = await freeCircuitFile();
    const web = createServer((_request, response) => response.end('not a pinmesh node'));
    await new Promise<void>((resolve) => web.listen(circuit.buzzer, '127.0.0.1', resolve));
    const iopin = startCli(['iopin', '--board', 'mock', '--peer-timeout', '0.3', '--circuit', circuit.path]);
    try {
      await iopin.waitForLine((line) => line.includes('serving on'));
      const clock = await ArticleClient.connect(`ws://127.0.0.1:${circuit.iopin}/clock`);
      try {
        let reply = await clock.request('1');
        for (let tick = 2; !/after trying/.test(reply); tick++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          reply = await clock.request(String(tick));
        }
        assert.match(reply, /^error: buzzer not reachable \(at ws:\/\/127\.0\.0\.1:\d+\/iopin \(it answered HTTP 200, not a WebSocket\) after trying for \d+ s; still trying\)$/);
        // Its tries go on, each running out the same way: no later tick is told to start the buzzer.
        await new Promise((resolve) => setTimeout(resolve, 700));
        assert.doesNotMatch(await clock.request('100'), /start it/);
      } finally {
        await clock.close();
      }
      assert.match(iopin.lines.join('\n'), /waiting for buzzer at ws:\/\/127\.0\.0\.1:\d+\/iopin \(HTTP 200, attempt 1\)/);
    } finally {
      iopin.child.kill('SIGINT');
      await iopin.exited;
      web.close();
    }
  });
});
