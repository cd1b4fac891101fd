/**
 * The view's page: one HTML document and its stylesheet. The scripts are the page's own modules
 * (src/view/client/, built to browser ESM) and @wokwi/elements' prebuilt bundle, all served by the
 * view itself: nothing is fetched from anywhere else (the Content-Security-Policy says so too).
 */
export const pageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pinmesh — live view</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/view.css">
<script src="/vendor/wokwi-elements.js" defer></script>
<script type="module" src="/app/client/main.js"></script>
</head>
<body>
<header>
  <h1>pinmesh <small id="view-kind">live view</small></h1>
  <span id="feed-status" data-state="connecting">connecting…</span>
  <button id="sound" type="button" aria-pressed="false">sound off: click to hear the piezo</button>
</header>
<section id="sign-in" hidden>
  <h2>Sign in</h2>
  <p>This circuit has a token. Open the one-time link pinmesh printed on stderr, or paste the mesh token
  (the contents of <code>--token-file</code> or <code>PINMESH_TOKEN</code>).</p>
  <form id="sign-in-form" autocomplete="off">
    <input id="token" type="password" placeholder="mesh token" aria-label="mesh token">
    <button type="submit">Sign in</button>
    <span id="sign-in-reply" role="status"></span>
  </form>
</section>
<main id="view" hidden>
  <section id="board-panel" class="panel">
    <h2>Board <span id="board-status" data-state="none">no board</span></h2>
    <p id="board-identity"></p>
    <div class="drawing">
      <wokwi-arduino-uno id="board-drawing" data-board="uno"></wokwi-arduino-uno>
      <div id="outputs"></div>
    </div>
  </section>
  <section id="controls-panel" class="panel">
    <h2>Controls</h2>
    <div id="controls"></div>
    <div id="replay" hidden>
      <input id="scrubber" type="range" min="0" max="0" step="1" value="0" aria-label="where the recording is">
      <span id="replay-position" role="status"></span>
    </div>
    <p id="clock-status"></p>
    <p id="control-reply" role="status"></p>
  </section>
  <section id="mesh-panel" class="panel">
    <h2>Mesh</h2>
    <svg id="mesh" viewBox="0 0 600 100" role="img" aria-label="the nodes of the circuit and the messages between them"></svg>
    <ul id="nodes"></ul>
  </section>
  <section id="timeline-panel" class="panel">
    <h2>Timeline <small>last <span id="window-seconds">10</span> s</small></h2>
    <canvas id="strip" width="600" height="120"></canvas>
    <h3>tick → ack latency <small id="latency-summary"></small></h3>
    <canvas id="histogram" width="600" height="110"></canvas>
  </section>
</main>
<footer><span id="thinning"></span> <span id="dropped"></span></footer>
</body>
</html>
`;

export const pageCss = `
:root { color-scheme: light dark; --fg: #1d2327; --muted: #6b7780; --bg: #f6f7f8; --panel: #fff; --line: #d5dadf; --ok: #1a7f37; --bad: #c62828; --warn: #b26a00; --accent: #0a6ebd; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ec; --muted: #9aa5ae; --bg: #15191c; --panel: #1e2428; --line: #36404a; --ok: #3fb950; --bad: #f85149; --warn: #d29922; --accent: #58a6ff; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 1.2rem; margin: 0; } h1 small { color: var(--muted); font-weight: normal; }
h2 { font-size: 1rem; margin: 0 0 .5rem; display: flex; gap: .6rem; align-items: baseline; } h3 { font-size: .9rem; margin: .6rem 0 .3rem; }
small { color: var(--muted); font-weight: normal; }
main { display: grid; grid-template-columns: minmax(340px, 1fr) minmax(340px, 1fr); gap: 1rem; padding: 1rem; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; min-width: 0; }
#sign-in { max-width: 36rem; margin: 2rem auto; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
[data-state] { font-size: .85rem; padding: .1rem .5rem; border-radius: 999px; border: 1px solid currentColor; }
[data-state=online], [data-state=live] { color: var(--ok); }
[data-state=offline], [data-state=closed], [data-state=lost], [data-state=refused] { color: var(--bad); }
[data-state=connecting], [data-state=none] { color: var(--warn); }
#board-identity { margin: 0 0 .4rem; color: var(--muted); min-height: 1.2em; }
.drawing { display: flex; gap: 1.2rem; align-items: flex-end; flex-wrap: wrap; }
#board-drawing { max-width: 100%; }
#outputs { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
.output { display: flex; flex-direction: column; align-items: center; gap: .2rem; font-size: .8rem; }
.output .reading { color: var(--muted); min-height: 1.2em; }
#controls { display: flex; flex-wrap: wrap; gap: .5rem; }
#replay { display: flex; flex-direction: column; gap: .3rem; margin-top: .6rem; } #scrubber { width: 100%; } #replay-position { color: var(--muted); font-variant-numeric: tabular-nums; }
button { font: inherit; padding: .35rem .8rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
button:hover:not(:disabled) { border-color: var(--accent); } button:disabled { opacity: .45; cursor: default; }
#sound { margin-left: auto; }
#control-reply, #clock-status { color: var(--muted); margin: .5rem 0 0; min-height: 1.2em; }
#mesh { width: 100%; height: auto; }
#mesh .edge { stroke: var(--line); stroke-width: 2; fill: none; }
#mesh .node rect { fill: var(--panel); stroke: var(--accent); stroke-width: 1.5; rx: 8; }
#mesh .node[data-health=error] rect, #mesh .node[data-health=waiting] rect { stroke: var(--bad); }
#mesh .node[data-health=remote] rect, #mesh .node[data-health=planned] rect { stroke-dasharray: 4 3; stroke: var(--muted); }
#mesh text { fill: var(--fg); font-size: 12px; } #mesh .sub { fill: var(--muted); font-size: 10px; }
#mesh .pulse circle { fill: var(--accent); } #mesh .pulse.reply circle { fill: var(--ok); } #mesh .pulse.bad circle { fill: var(--bad); }
#mesh .pulse text { font-size: 10px; }
#nodes { list-style: none; padding: 0; margin: .4rem 0 0; font-size: .85rem; }
#nodes li { display: flex; gap: .5rem; align-items: baseline; padding: .15rem 0; border-top: 1px solid var(--line); }
#nodes code { color: var(--muted); }
canvas { width: 100%; height: auto; display: block; background: var(--bg); border-radius: 4px; }
footer { padding: 0 1rem 1rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 760px) { main { grid-template-columns: 1fr; } }
`;
