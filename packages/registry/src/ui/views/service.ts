import { href, html, join, type SafeHtml } from '../html.js';
import { page, type Frame } from '../layout.js';
import { selectField } from './form.js';
import type { EndpointConsumer, EndpointView, ServiceView } from './models.js';

function fieldList(label: string, fields: string[]): SafeHtml {
  if (fields.length === 0) return html``;
  return html`<div><span class="visually-hidden">${label}: </span><ul class="fields" aria-label="${label}">${fields.map(
    (f) => html`<li><code>${f}</code></li>`,
  )}</ul></div>`;
}

function consumerRow(c: EndpointConsumer): SafeHtml {
  return html`<tr><th scope="row"><a href="${href(['ui', 'services', c.service])}">${c.service}</a></th><td>${c.version}</td><td>${
    c.environments.length > 0 ? join(c.environments, ', ') : html`<span class="cell-empty">not deployed</span>`
  }</td><td>${fieldList('sends', c.requestFields)}${
    c.requestFields.length === 0 ? html`<span class="cell-empty">none</span>` : ''
  }</td><td>${fieldList('reads', c.responseFields)}${
    c.responseFields.length === 0 ? html`<span class="cell-empty">none</span>` : ''
  }</td></tr>
`;
}

function endpointSection(e: EndpointView, index: number): SafeHtml {
  const headingId = `endpoint-${index}`;
  const deployed = e.consumers.filter((c) => c.environments.length > 0);
  return html`<section class="endpoint" aria-labelledby="${headingId}">
<h3 id="${headingId}"><span class="method">${e.method}</span> <code>${e.path}</code>${
    e.deprecated ? html` <span class="badge level-warning">deprecated${e.sunset ? html`, sunset ${e.sunset}` : ''}</span>` : ''
  }</h3>
${e.summary ? html`<p class="muted">${e.summary}</p>` : ''}
${
  e.deprecated
    ? e.consumers.length > 0
      ? html`<p class="error">Deprecated but still used by ${join(
          e.consumers.map((c) => html`<strong>${c.service} ${c.version}</strong>`),
          ', ',
        )}${deployed.length > 0 ? html` (running in ${join([...new Set(deployed.flatMap((c) => c.environments))].sort(), ', ')})` : ''}.</p>`
      : html`<p class="notice">Deprecated and no consumer uses it any more.</p>`
    : ''
}
${
  e.consumers.length === 0
    ? html`<p class="muted">No consumer uses this endpoint.</p>`
    : html`<div class="table-wrap"><table>
<caption class="visually-hidden">Consumers of ${e.method} ${e.path}</caption>
<thead><tr><th scope="col">Consumer</th><th scope="col">Version</th><th scope="col">Running in</th><th scope="col">Sends</th><th scope="col">Reads</th></tr></thead>
<tbody>
${e.consumers.map(consumerRow)}</tbody></table></div>`
}
</section>
`;
}

/** A table of contents of the endpoints: who uses each at a glance, with a link to its details. */
function endpointIndex(endpoints: EndpointView[]): SafeHtml {
  return html`<div class="table-wrap"><table>
<caption class="visually-hidden">Endpoints with their number of consumers</caption>
<thead><tr><th scope="col">Endpoint</th><th scope="col" class="num">Consumer versions</th><th scope="col">Used by, where running</th></tr></thead>
<tbody>
${endpoints.map((e, i) => {
  const running = e.consumers.filter((c) => c.environments.length > 0);
  return html`<tr><th scope="row"><a href="#endpoint-${i}"><span class="method">${e.method}</span> <code>${e.path}</code></a>${
    e.deprecated ? html` <span class="badge level-warning">deprecated</span>` : ''
  }</th><td class="num">${e.consumers.length}</td><td>${
    running.length > 0
      ? join(running.map((c) => `${c.service} ${c.version} (${c.environments.join(', ')})`), '; ')
      : html`<span class="cell-empty">${e.consumers.length > 0 ? 'no consumer version running' : 'unused'}</span>`
  }</td></tr>
`;
})}</tbody></table></div>`;
}

/** The service page: versions by environment, endpoints with their consumers and the fields they use. */
export function servicePage(view: ServiceView, frame: Frame = {}): SafeHtml {
  const name = view.name;
  const links = [
    view.specVersions.length >= 2
      ? html`<li><a href="${href(['ui', 'services', name, 'diff'])}">Compare versions</a></li>`
      : '',
    view.providers.length > 0 ? html`<li><a href="${href(['ui', 'services', name, 'pacts'])}">Pacts and compatibility</a></li>` : '',
    html`<li><a href="${href(['ui', 'rollback'], { service: name })}">Check a rollback</a></li>`,
    html`<li><a href="${href(['ui', 'graph'])}">Dependency graph</a></li>`,
  ];
  return page(
    {
      title: name,
      section: 'services',
      breadcrumbs: [{ label: 'Services', href: '/ui/' }, { label: name }],
      frame,
    },
    html`<h1>${name}</h1>
<nav aria-label="Service"><ul class="subnav">${links}</ul></nav>
<p>${
      view.consumers.length > 0
        ? html`Consumed by ${join(view.consumers.map((c) => html`<a href="${href(['ui', 'services', c])}">${c}</a>`), ', ')}.`
        : 'No consumer has a pact with this service.'
    } ${
      view.providers.length > 0
        ? html`Calls ${join(view.providers.map((p) => html`<a href="${href(['ui', 'services', p])}">${p}</a>`), ', ')}.`
        : ''
    }</p>

<h2 id="versions">Versions and where they run</h2>
${
  view.versions.length === 0
    ? html`<p class="muted">No versions published.</p>`
    : html`<div class="table-wrap"><table aria-labelledby="versions">
<thead><tr><th scope="col">Version</th><th scope="col">Contracts</th>${view.environments.map((env) => html`<th scope="col">${env}</th>`)}</tr></thead>
<tbody>
${view.versions.map(
  (v) => html`<tr><th scope="row">${v.version}${v.branch ? html` <span class="muted">(${v.branch})</span>` : ''}</th><td>${join(
    [v.hasSpec ? 'OpenAPI' : '', ...v.pactProviders.map((p) => `pact with ${p}`)].filter(Boolean),
    ', ',
  )}</td>${view.environments.map((env) => {
    const instances = v.deployedIn[env];
    if (!instances) return html`<td><span class="cell-empty" aria-label="not running">–</span></td>`;
    const named = instances.filter(Boolean);
    return html`<td><span class="badge status-ok">running</span>${named.length > 0 ? html` <span class="muted">${join(named, ', ')}</span>` : ''}</td>`;
  })}</tr>
`,
)}</tbody></table></div>`
}

${
  view.calls.length > 0
    ? html`<h2 id="calls">What ${name} calls</h2>
<div class="table-wrap"><table aria-labelledby="calls">
<thead><tr><th scope="col">Provider</th><th scope="col">Endpoint</th><th scope="col">Used by versions</th></tr></thead>
<tbody>
${view.calls.map(
  (c) => html`<tr><th scope="row"><a href="${href(['ui', 'services', c.provider])}">${c.provider}</a></th><td><span class="method">${c.method}</span> <code>${c.path}</code></td><td>${join(c.versions, ', ')}</td></tr>
`,
)}</tbody></table></div>
<p><a href="${href(['ui', 'services', name, 'pacts'])}">Pacts and their compatibility per environment</a></p>`
    : ''
}
${
  view.endpointsVersion === undefined && view.calls.length > 0
    ? ''
    : html`<h2 id="endpoints">Endpoints${view.endpointsVersion ? html` of version ${view.endpointsVersion}` : ''}</h2>
${
  view.specVersions.length > 1
    ? html`<form class="inline" method="get" action="${href(['ui', 'services', name])}">
${selectField('endpoints-version', 'Version', 'version', view.specVersions, view.endpointsVersion)}<button type="submit">Show endpoints</button></form>`
    : ''
}
${
  view.endpointsVersion === undefined
    ? html`<p class="muted">No OpenAPI description published for this service; it is only a consumer.</p>`
    : view.endpoints.length === 0
      ? html`<p class="muted">This version declares no endpoints.</p>`
      : html`${endpointIndex(view.endpoints)}${view.endpoints.map(endpointSection)}`
}`
}`,
  );
}
