import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventReporter } from '../../src/report/events.js';
import { Token } from '../../src/security/token.js';
import { ViewServer } from '../../src/view/view-server.js';
import { httpRequestTo as send } from '../support/http-request.js';



describe("the view's session cookie, replayed by a process on another port, cannot use the controls", () => {
  const token = new Token('view-session-test-token-0123456789abcdef');
  let view: ViewServer;
  let cookie: string;
  let controlKey: string;
  before(async () => {
    view = await ViewServer.start({ port: 0, layout: { nodes: [] }, token, reporter: new EventReporter([]) });
    const key = new URL(view.signInLink()!).hash.replace('#key=', '');
    const signedIn = await send(view.port, '/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key }) });
    assert.equal(signedIn.status, 200);
    cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    controlKey = JSON.parse(signedIn.body).controlKey;
    assert.match(controlKey, /^[A-Za-z0-9_-]{43}$/);
  });
  after(() => view.close());

  const control = (headers: Record<string, string>) =>
    send(view.port, '/control', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${view.port}`, 'Sec-Fetch-Site': 'same-origin', ...headers }, body: JSON.stringify({ action: 'pause' }) });

  it('the cookie alone, with every header a page of the view would send, is refused on /control', async () => {
    assert.equal((await control({ Cookie: cookie })).status, 401);
    assert.equal((await control({ Cookie: cookie, 'X-Pinmesh-Control': 'guessed-key' })).status, 401);
  });

  it('the cookie alone reads the feed, and is not "signed in"', async () => {
    assert.equal((await send(view.port, '/feed', { headers: { Cookie: cookie } })).status, 200);
    assert.equal(JSON.parse((await send(view.port, '/session', { headers: { Cookie: cookie } })).body).signedIn, false);
  });

  it('the page, with the cookie and the control key from its own storage, uses the controls', async () => {
    assert.notEqual((await control({ Cookie: cookie, 'X-Pinmesh-Control': controlKey })).status, 401);
    assert.equal(JSON.parse((await send(view.port, '/session', { headers: { Cookie: cookie, 'X-Pinmesh-Control': controlKey } })).body).signedIn, true);
  });
});
