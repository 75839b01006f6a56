import { createHash } from 'node:crypto';

// The stylesheet and the script live in code rather than in files next to it so that they ship in
// `dist/` with the compiled JavaScript: the build is `tsc -b` alone, which copies nothing else.

const STYLESHEET = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  /* The focus ring stands at least 3:1 against the page in both schemes (WCAG 1.4.11). */
  --accent: #0b57d0; --focus: #b45309;
  --breaking: #b3261e; --breaking-bg: #fde7e6; --warning: #8a5300; --warning-bg: #fff4d6;
  --info: #1f5f99; --info-bg: #e6f0fb; --ok: #1e6b34; --ok-bg: #e3f4e7;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --fg: #e6edf3; --muted: #9aa6b2; --line: #30363d; --soft: #161b22;
    --accent: #7cb4ff; --focus: #ffbf47; --breaking: #ff8a80; --breaking-bg: #3b1614; --warning: #f3c969;
    --warning-bg: #33270b; --info: #8cc2ff; --info-bg: #0f2740; --ok: #7ee19a; --ok-bg: #0f2d18;
  }
}
* { box-sizing: border-box; }
/* Long service names, versions and paths wrap instead of widening the page. */
body { margin: 0; background: var(--bg); color: var(--fg); overflow-wrap: break-word; }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; background: var(--fg); color: var(--bg); padding: 0.5rem 0.75rem; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.site-header { border-bottom: 1px solid var(--line); background: var(--soft); }
.site-header .inner, main, .site-footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.site-header .inner { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; min-height: 3.25rem; }
.brand { font-weight: 700; color: var(--fg); text-decoration: none; }
.site-header ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; }
.site-header a[aria-current="page"] { font-weight: 600; text-decoration-thickness: 2px; }
main { padding-top: 1rem; padding-bottom: 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
.breadcrumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0 0.4rem; padding: 0; margin: 0.5rem 0 0; color: var(--muted); }
.breadcrumbs li { min-width: 0; }
.breadcrumbs li + li::before { content: "/"; margin-right: 0.4rem; }
.lead, .muted { color: var(--muted); }
.subnav { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; padding: 0; margin: 0 0 0.75rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
/* Positioned, so that the visually hidden labels inside scroll with the table rather than widen the page. */
.table-wrap { overflow-x: auto; position: relative; }
/* A cell may break a long name anywhere, so the table fits rather than hides columns off to the
   side; paths and field names break only where the template allows it (after a slash, a hyphen). */
td, tbody th { overflow-wrap: anywhere; }
td code { overflow-wrap: normal; }
/* Short endpoints stay on one line even beside a long problem description. */
.blockers td:nth-child(4) { min-width: 13rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
form.inline { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; margin: 0.5rem 0 1rem; }
form.inline > div { display: flex; flex-direction: column; gap: 0.2rem; min-width: 0; max-width: 100%; }
select, input { max-width: 100%; }
/* One height for every control, so a row of them lines up whatever the browser's defaults. */
input, select, button { height: 2.25rem; }
label { font-weight: 600; font-size: 0.92rem; }
input, select, button { font: inherit; padding: 0.35rem 0.55rem; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { background: var(--accent); color: var(--bg); border-color: var(--accent); font-weight: 600; cursor: pointer; }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.level-breaking, .status-bad { color: var(--breaking); background: var(--breaking-bg); }
.level-warning, .status-warn { color: var(--warning); background: var(--warning-bg); }
.level-info, .status-none { color: var(--info); background: var(--info-bg); }
.status-ok { color: var(--ok); background: var(--ok-bg); }
.verdict { border: 2px solid currentColor; border-radius: 6px; padding: 0.75rem 1rem; margin: 1rem 0; }
.verdict h2 { border: 0; margin: 0 0 0.5rem; padding: 0; font-size: 1.2rem; }
.notice { border-left: 4px solid var(--accent); background: var(--soft); padding: 0.5rem 0.75rem; }
.error { border-left: 4px solid var(--breaking); background: var(--breaking-bg); padding: 0.5rem 0.75rem; }
.endpoint { border: 1px solid var(--line); border-radius: 6px; padding: 0.25rem 0.9rem 0.5rem; margin: 0.75rem 0; }
.endpoint h3 { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
.endpoint h3 > * { min-width: 0; }
.method { font-weight: 700; }
.fields { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.fields li code { background: var(--soft); border: 1px solid var(--line); border-radius: 3px; padding: 0 0.25rem; }
.cell-empty { color: var(--muted); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
figure { margin: 1rem 0; }
/* Drawn at its own size, never scaled down to illegible text: a large graph scrolls in its box. */
.graph { display: block; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); }
.graph .node rect { fill: var(--bg); stroke: var(--muted); stroke-width: 1.5; }
.graph .node text { fill: var(--fg); font-size: 13px; }
.graph .node.subject rect { stroke: var(--accent); stroke-width: 3; }
.graph .node.blocked rect { stroke: var(--breaking); stroke-width: 3; }
.graph .edge { fill: none; stroke: var(--muted); stroke-width: 1.5; }
.graph .edge.blocked { stroke: var(--breaking); stroke-width: 3; stroke-dasharray: 7 4; }
.graph .edge-label { fill: var(--breaking); font-size: 12px; font-weight: 700; }
.graph marker path { fill: var(--muted); }
.graph marker.blocked path { fill: var(--breaking); }
.site-footer { color: var(--muted); font-size: 0.85rem; padding-bottom: 2rem; }
.sign-out { margin-left: auto; }
button.secondary { background: var(--bg); color: var(--accent); }
.controls { display: flex; flex-wrap: wrap; gap: 0 2.5rem; align-items: flex-start; }
.controls > form { min-width: 0; max-width: 100%; }
.form-status { flex-basis: 100%; margin: 0; font-size: 0.85rem; min-height: 1.3em; }
.graph-wrap { overflow-x: auto; }
.graph .node text.version { fill: var(--muted); font-size: 11.5px; }
.dependencies .version { color: var(--muted); font-size: 0.92em; }
`;

const SCRIPT = `
// Filters the services table as the user types; the form still works without this script.
(function () {
  var input = document.getElementById('service-filter');
  var table = document.getElementById('services-table');
  var status = document.getElementById('services-count');
  if (!input || !table || !status) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var match = !q || (row.getAttribute('data-name') || '').indexOf(q) !== -1;
      row.hidden = !match;
      if (match) shown++;
    });
    status.textContent = shown + ' of ' + rows.length + ' services shown';
  }
  input.addEventListener('input', apply);
  var form = input.form;
  if (form) form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
})();

// Refills the rollback form's target-version suggestions when another service is chosen, without
// reloading the page; without this script, submitting the service alone reloads the form with them.
(function () {
  var selects = document.querySelectorAll('select[data-versions-list]');
  Array.prototype.forEach.call(selects, function (select) {
    var list = document.getElementById(select.getAttribute('data-versions-list'));
    var status = list && document.getElementById(list.id + '-status');
    if (!list || !status || !window.fetch) return;
    var asked = 0;
    function show(service, versions) {
      list.textContent = '';
      versions.forEach(function (version) {
        var option = document.createElement('option');
        option.value = version;
        list.appendChild(option);
      });
      status.textContent = !service ? '' : versions.length === 0 ? service + ' has no versions.'
        : 'Suggesting ' + (versions.length === 1 ? '1 version' : versions.length + ' versions') + ' of ' + service + '.';
    }
    select.addEventListener('change', function () {
      var service = select.value;
      var ticket = ++asked;
      if (!service) return show('', []);
      status.textContent = 'Loading the versions of ' + service + '…';
      fetch('/ui/services/' + encodeURIComponent(service) + '/versions.json', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) throw new Error('HTTP ' + response.status);
          return response.json();
        })
        .then(function (body) {
          // A slower answer for a service chosen earlier must not overwrite the current one.
          if (ticket === asked) show(service, body.versions || []);
        })
        .catch(function () {
          if (ticket === asked) status.textContent = 'Could not load the versions of ' + service + '; submit the form to see them.';
        });
    });
  });
})();
`;

/** A static asset with its content type and a content hash used both as ETag and cache-buster. */
export interface Asset {
  contentType: string;
  body: string;
  hash: string;
}

function asset(contentType: string, body: string): Asset {
  return { contentType, body, hash: createHash('sha256').update(body).digest('hex').slice(0, 16) };
}

/** The names the pages link to. */
export type AssetName = 'ui.css' | 'ui.js';

/** The UI's static assets by file name; a Map, so that a requested name such as `constructor` finds nothing. */
export const ASSETS: ReadonlyMap<string, Asset> = new Map<AssetName, Asset>([
  ['ui.css', asset('text/css; charset=utf-8', STYLESHEET)],
  ['ui.js', asset('text/javascript; charset=utf-8', SCRIPT)],
]);

/** URL of an asset including its content hash, so browsers may cache it for good. */
export function assetUrl(name: AssetName): string {
  return `/ui/assets/${name}?v=${ASSETS.get(name)!.hash}`;
}
