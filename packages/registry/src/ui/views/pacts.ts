import { href, html, join, type SafeHtml } from '../html.js';
import { page, type Frame } from '../layout.js';
import type { PactCompatCell, PactsView } from './models.js';

const LABELS: Record<PactCompatCell['status'], { text: string; cls: string }> = {
  compatible: { text: 'compatible', cls: 'status-ok' },
  incompatible: { text: 'incompatible', cls: 'status-bad' },
  'not-deployed': { text: 'provider not deployed', cls: 'status-none' },
  'no-spec': { text: 'no OpenAPI for that version', cls: 'status-warn' },
};

function cell(c: PactCompatCell): SafeHtml {
  const label = LABELS[c.status];
  return html`<td><span class="badge ${label.cls}">${label.text}</span>${c.providerVersion ? html` <span class="muted">against ${c.providerVersion}</span>` : ''}${
    c.problems.length > 0
      ? html`<ul>${c.problems.map(
          (p) => html`<li>${p.method || p.path ? html`<code>${join([p.method ?? '', p.path ?? ''].filter(Boolean), ' ')}</code>: ` : ''}${p.message}</li>`,
        )}</ul>`
      : ''
  }</td>`;
}

/** The consumer page: pacts per version and their compatibility with the providers running in each environment. */
export function pactsPage(view: PactsView, frame: Frame = {}): SafeHtml {
  const name = view.service;
  return page(
    {
      title: `${name}: pacts`,
      section: 'services',
      breadcrumbs: [{ label: 'Services', href: '/ui/' }, { label: name, href: href(['ui', 'services', name]) }, { label: 'Pacts' }],
      frame,
    },
    html`<h1>Pacts of ${name}</h1>
<p class="lead">For each version of ${name}, the providers it has pacts with and whether each pact holds against the provider version running in each environment.</p>
${
  view.versions.length === 0
    ? html`<p class="notice">${name} has published no pacts.</p>`
    : view.versions.map(
        (v, i) => html`<h2 id="pacts-${i}">${name} ${v.version}${
          v.environments.length > 0 ? html` <span class="muted">(running in ${join(v.environments, ', ')})</span>` : ''
        }</h2>
<div class="table-wrap"><table aria-labelledby="pacts-${i}">
<thead><tr><th scope="col">Provider</th><th scope="col" class="num">Interactions</th>${view.environments.map((e) => html`<th scope="col">${e}</th>`)}</tr></thead>
<tbody>
${v.pacts.map(
  (p) => html`<tr><th scope="row"><a href="${href(['ui', 'services', p.provider])}">${p.provider}</a></th><td class="num">${p.interactions ?? ''}</td>${p.cells.map(cell)}</tr>
`,
)}</tbody></table></div>
`,
      )
}`,
  );
}
