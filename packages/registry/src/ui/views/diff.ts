import { href, html, join, type SafeHtml } from '../html.js';
import { page, type Frame } from '../layout.js';
import { selectField } from './form.js';
import type { ChangeLevel, DiffChangeView, DiffView } from './models.js';

const LEVEL_ORDER: ChangeLevel[] = ['breaking', 'warning', 'info'];

function changeItem(c: DiffChangeView): SafeHtml {
  return html`<li><span class="badge level-${c.level}">${c.level}</span> ${c.message} <code class="muted">${c.id}</code>${
    c.waived ? html` <span class="badge status-none">waived</span>` : ''
  }${
    c.level !== 'info' && !c.waived
      ? c.affected.length > 0
        ? html`<div class="affected">Affects ${join(
            c.affected.map(
              (a) =>
                html`<a href="${href(['ui', 'services', a.service])}">${a.service}</a> ${a.version}${
                  a.environments.length > 0 ? html` (${join(a.environments, ', ')})` : ''
                }${a.field ? html` via <code>${a.field}</code>` : ''}`,
            ),
            '; ',
          )}</div>`
        : html`<div class="affected muted">No known consumer uses what changed.</div>`
      : ''
  }</li>`;
}

/** The version diff: two version pickers and the changes grouped by operation, with affected consumers. */
export function diffPage(view: DiffView, frame: Frame = {}): SafeHtml {
  const name = view.service;
  const from = view.from ?? view.versions[view.versions.length - 2];
  const to = view.to ?? view.versions[view.versions.length - 1];
  const r = view.result;
  return page(
    {
      title: `${name}: compare versions`,
      section: 'services',
      breadcrumbs: [{ label: 'Services', href: '/ui/' }, { label: name, href: href(['ui', 'services', name]) }, { label: 'Compare versions' }],
      frame,
    },
    html`<h1>Compare versions of ${name}</h1>
${
  view.versions.length < 2
    ? html`<p class="notice">At least two versions with an OpenAPI description are needed to compare.</p>`
    : html`<form class="inline" method="get" action="${href(['ui', 'services', name, 'diff'])}">
${selectField('diff-from', 'From version', 'from', view.versions, from)}
${selectField('diff-to', 'To version', 'to', view.versions, to)}
<button type="submit">Compare</button></form>`
}
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
${
  r
    ? html`<section aria-labelledby="diff-summary">
<h2 id="diff-summary">${view.from} → ${view.to}</h2>
<p>${join(
        LEVEL_ORDER.map((l) => html`<span class="badge level-${l}">${r.summary[l]} ${l}</span>`),
        ' ',
      )}</p>
${
  r.semver
    ? html`<p>Semver: ${r.semver.sentence}${r.semver.ok ? '' : html` <span class="badge level-breaking">version bump too small</span>`}</p>`
    : ''
}
${
  r.groups.length === 0
    ? html`<p class="notice">No changes between these versions.</p>`
    : r.groups.map(
        (g) => html`<h3>${g.operation ? html`<code>${g.operation}</code>` : 'Document-wide changes'}</h3>
<ul class="changes">${g.changes.map(changeItem)}</ul>
`,
      )
}
${
  r.why && r.why.length > 0
    ? html`<details><summary>Why these changes matter</summary><dl>${r.why.map((w) => html`<dt><code>${w.id}</code></dt><dd>${w.why}</dd>`)}</dl></details>`
    : ''
}
</section>`
    : ''
}`,
  );
}
