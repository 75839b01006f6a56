import { href, html, type SafeHtml } from '../html.js';
import { page, type Frame } from '../layout.js';
import type { ServicesView } from './models.js';

/** The services list: a search form and a table of services with their counts. */
export function servicesPage(view: ServicesView, frame: Frame = {}): SafeHtml {
  const shown = view.services.length;
  return page(
    { title: 'Services', section: 'services', script: true, frame },
    html`<h1>Services</h1>
<p class="lead">Every service the registry knows, with its published versions, the services that consume it and the providers it calls.</p>
<form class="inline" role="search" action="/ui/" method="get">
<div><label for="service-filter">Filter services</label>
<input id="service-filter" name="q" type="search" value="${view.query}" autocomplete="off" aria-describedby="services-count"></div>
<button type="submit">Filter</button>
</form>
<p id="services-count" role="status">${shown === view.total ? `${view.total} services` : `${shown} of ${view.total} services shown`}</p>
${
  view.total === 0
    ? html`<p class="notice">No services yet. Publish an OpenAPI description or a pact to the registry and it appears here.</p>`
    : html`<div class="table-wrap"><table id="services-table">
<caption class="visually-hidden">Services with their counts of versions, consumers and providers</caption>
<thead><tr><th scope="col">Service</th><th scope="col">Latest version</th><th scope="col" class="num">Versions</th><th scope="col" class="num">Consumers</th><th scope="col" class="num">Providers</th></tr></thead>
<tbody>
${view.services.map(
  (s) => html`<tr data-name="${s.name.toLowerCase()}"><th scope="row"><a href="${href(['ui', 'services', s.name])}">${s.name}</a></th><td>${s.latestVersion ?? html`<span class="cell-empty">none</span>`}</td><td class="num">${s.versions}</td><td class="num">${s.consumers}</td><td class="num">${s.providers}</td></tr>
`,
)}</tbody>
</table></div>`
}`,
  );
}
