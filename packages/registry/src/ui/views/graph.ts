import { layoutGraph, type GraphLayout } from '../graph-layout.js';
import { href, html, join, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import type { GraphView, RollbackVerdict } from './models.js';
import { rollbackForm, verdictBlock } from './rollback.js';

const edgeKey = (consumer: string, provider: string): string => `${consumer}\u0000${provider}`;

/** Consumer-to-provider edges a refused rollback is blocked on. */
export function blockedEdges(verdict: RollbackVerdict | undefined): Set<string> {
  const keys = new Set<string>();
  if (!verdict || verdict.safe) return keys;
  for (const b of verdict.blockers) {
    // A blocker names the consumer in the way; when that is the service itself, its own pact
    // with another provider is what breaks.
    if (b.consumer === verdict.service && b.provider) keys.add(edgeKey(verdict.service, b.provider));
    else keys.add(edgeKey(b.consumer, b.provider ?? verdict.service));
  }
  return keys;
}

/** Draws a laid-out graph as inline SVG with a title and description for assistive technology. */
export function graphSvg(layout: GraphLayout, blocked: Set<string>, subject: string | undefined, description: string): SafeHtml {
  const blockedNodes = new Set<string>();
  for (const e of layout.edges) if (blocked.has(edgeKey(e.from, e.to))) blockedNodes.add(e.from);
  return html`<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-labelledby="graph-title graph-desc">
<title id="graph-title">Dependency graph</title>
<desc id="graph-desc">${description}</desc>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker>
<marker id="arrow-blocked" class="blocked" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="13" markerHeight="13" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker>
</defs>
${layout.edges.map((e) => {
  const isBlocked = blocked.has(edgeKey(e.from, e.to));
  return html`<g class="edge-group" data-from="${e.from}" data-to="${e.to}"${isBlocked ? html` data-blocked="true"` : ''}><path class="edge${isBlocked ? ' blocked' : ''}" d="${e.path}" marker-end="url(#${isBlocked ? 'arrow-blocked' : 'arrow'})"/>${
    isBlocked ? html`<text class="edge-label" x="${e.labelX}" y="${e.labelY - 6}" text-anchor="middle">blocked</text>` : ''
  }</g>
`;
})}
${layout.nodes.map(
  (n) => html`<g class="node${n.name === subject ? ' subject' : ''}${blockedNodes.has(n.name) ? ' blocked' : ''}" data-name="${n.name}"><a href="${href(['ui', 'services', n.name])}" tabindex="-1"><rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="6"/><text x="${n.x + n.width / 2}" y="${n.y + n.height / 2 + 4.5}" text-anchor="middle">${n.name}</text></a></g>
`,
)}
</svg>`;
}

function describe(view: GraphView, blocked: Set<string>): string {
  const parts = [`${view.services.length} services and ${view.edges.length} consumer-to-provider dependencies; arrows point from a consumer to the provider it calls.`];
  if (blocked.size > 0) parts.push(`${blocked.size} ${blocked.size === 1 ? 'dependency is' : 'dependencies are'} blocked by the rollback checked and drawn dashed in red.`);
  parts.push('The same information follows as a list.');
  return parts.join(' ');
}

/** The dependency graph page, with the blocked edges of a refused rollback highlighted. */
export function graphPage(view: GraphView): SafeHtml {
  const verdict = view.rollback?.verdict;
  const blocked = blockedEdges(verdict);
  const layout = layoutGraph(
    view.services,
    view.edges.map((e) => ({ from: e.consumer, to: e.provider })),
  );
  const edges = [...view.edges].sort((a, b) => a.consumer.localeCompare(b.consumer) || a.provider.localeCompare(b.provider));
  const input = view.rollback?.input;
  return page(
    { title: 'Dependency graph', section: 'graph' },
    html`<h1>Dependency graph</h1>
<p class="lead">Services and the providers they call, from every published pact. Check a rollback to see which dependencies block it.</p>
${rollbackForm({ services: view.services, environments: view.environments, versions: view.versions ?? [], input: input ?? {} }, '/ui/graph', 'graph')}
${view.rollback?.error ? html`<p class="error" role="alert">${view.rollback.error}</p>` : ''}
${verdict ? verdictBlock(verdict, 'graph-verdict') : ''}
${
  view.services.length === 0
    ? html`<p class="notice">No services yet.</p>`
    : html`<figure>
${graphSvg(layout, blocked, verdict?.service, describe(view, blocked))}
<figcaption class="muted">Arrows point from a consumer to its provider.${blocked.size > 0 ? ' Dashed red arrows are blocked.' : ''}</figcaption>
</figure>
<h2 id="dependencies">Dependencies as a list</h2>
${
  edges.length === 0
    ? html`<p class="muted">No pacts: no service depends on another yet.</p>`
    : html`<ul aria-labelledby="dependencies">${edges.map((e) => {
        const isBlocked = blocked.has(edgeKey(e.consumer, e.provider));
        return html`<li><a href="${href(['ui', 'services', e.consumer])}">${e.consumer}</a> calls <a href="${href(['ui', 'services', e.provider])}">${e.provider}</a>${
          isBlocked ? html` <span class="badge level-breaking">blocked</span>` : ''
        }</li>`;
      })}</ul>`
}
${
  view.services.filter((s) => !edges.some((e) => e.consumer === s || e.provider === s)).length > 0
    ? html`<p class="muted">Without dependencies: ${join(
        view.services.filter((s) => !edges.some((e) => e.consumer === s || e.provider === s)),
        ', ',
      )}.</p>`
    : ''
}`
}`,
  );
}
