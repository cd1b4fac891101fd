import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultDiscoveryPrefix } from '../../src/fleet/broker.js';
import { Fleet } from '../../src/fleet/fleet.js';
import { EventReporter } from '../../src/report/events.js';
import { terminalText } from '../../src/report/terminal-text.js';
import { runCli } from '../support/cli.js';
import { fuzzParameters } from '../support/fuzz.js';
import { Mosquitto, mosquittoMissing } from '../support/mosquitto.js';

/** What a terminal acts on: C0/C1 controls (ESC starts every control sequence), DEL, and the bidi and invisible formatters. */
const acts = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

describe('text from outside, made safe for a terminal', () => {
  it('shows controls as escapes instead of obeying them, and leaves the rest alone', () => {
    assert.equal(terminalText('buzzer \u001b]0;pwned\u0007 \u001b[2J'), 'buzzer \\x1b]0;pwned\\x07 \\x1b[2J');
    assert.equal(terminalText('8-bit CSI \u009b31m, RLO \u202egnp.exe'), '8-bit CSI \\x9b31m, RLO \\u{202e}gnp.exe');
    assert.equal(terminalText('héllo wörld ✓ 🎵 ws://127.0.0.1:8766'), 'héllo wörld ✓ 🎵 ws://127.0.0.1:8766');
  });

  it('fuzz: nothing a terminal acts on is left in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        assert.doesNotMatch(terminalText(text), acts);
      }),
      fuzzParameters(500),
    );
  });
});

describe('pinmesh nodes prints what the broker says without letting it drive the terminal', { skip: mosquittoMissing() }, () => {
  let broker: Mosquitto;
  let evil: Fleet;
  before(async () => {
    broker = await Mosquitto.start();
    evil = new Fleet({ url: broker.url, keepalive: 10, fleet: 'escapes', homeassistant: false, discoveryPrefix: defaultDiscoveryPrefix }, new EventReporter([]), 'evil');
    await evil.join({ name: 'evil', sketch: 'x\u001b]0;pwned\u0007\u001b[2J.ts', serves: { host: '127.0.0.1', port: 4244, token: false, tls: false }, version: '0.1.0' });
  });
  after(async () => {
    await evil?.close();
    await broker?.close();
  });

  it('the table shows the escapes, and --json stays JSON with the text intact', async () => {
    const table = await runCli(['nodes', '--broker', broker.url, '--fleet', 'escapes']);
    assert.equal(table.code, 0, table.stderr);
    for (const line of table.stdout.split('\n')) assert.doesNotMatch(line, acts);
    assert.match(table.stdout, /x\\x1b\]0;pwned\\x07\\x1b\[2J\.ts/);
    const json = await runCli(['nodes', '--broker', broker.url, '--fleet', 'escapes', '--json']);
    assert.equal(JSON.parse(json.stdout.trim().split('\n')[0]!).sketch, 'x\u001b]0;pwned\u0007\u001b[2J.ts');
  });
});
