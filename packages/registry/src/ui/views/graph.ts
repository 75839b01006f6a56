import { fitLabel, layoutGraph, type GraphLayout } from '../graph-layout.js';
import { href, html, join, type SafeHtml } from '../html.js';
import { page, type Frame } from '../layout.js';
import type { GraphView, RollbackVerdict } from './models.js';
import { rollbackForm, verdictDetails, verdictSummary } from './rollback.js';

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
export function graphSvg(
  layout: GraphLayout,
  blocked: Set<string>,
  subject: string | undefined,
  description: string,
  sublabels: ReadonlyMap<string, string> = new Map(),
): SafeHtml {
  const blockedNodes = new Set<string>();
  for (const e of layout.edges) if (blocked.has(edgeKey(e.from, e.to))) blockedNodes.add(e.from);
  const node = (n: GraphLayout['nodes'][number]): SafeHtml => {
    const name = fitLabel(n.name, layout.labelChars);
    const sub = sublabels.get(n.name);
    const cx = n.x + n.width / 2;
    const cy = n.y + n.height / 2;
    // A shortened name keeps the whole one as the node's tooltip and accessible name.
    const full = name !== n.name || (sub !== undefined && fitLabel(sub, layout.labelChars) !== sub) ? html`<title>${n.name}${sub ? ` ${sub}` : ''}</title>` : '';
    const text =
      sub === undefined
        ? html`<text x="${cx}" y="${cy + 4.5}" text-anchor="middle">${name}</text>`
        : html`<text x="${cx}" y="${cy - 3}" text-anchor="middle">${name}</text><text class="version" x="${cx}" y="${cy + 13}" text-anchor="middle">${fitLabel(sub, layout.labelChars)}</text>`;
    return html`<g class="node${n.name === subject ? ' subject' : ''}${blockedNodes.has(n.name) ? ' blocked' : ''}" data-name="${n.name}"><a href="${href(['ui', 'services', n.name])}" tabindex="-1">${full}<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="6"/>${text}</a></g>
`;
  };
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
${layout.nodes.map(node)}
</svg>`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function describe(view: GraphView, blocked: Set<string>): string {
  const counts = `${plural(view.services.length, 'service', 'services')} and ${plural(view.edges.length, 'consumer-to-provider dependency', 'consumer-to-provider dependencies')}`;
  const parts = [
    view.environment === undefined
      ? `${counts}, from every published pact; arrows point from a consumer to the provider it calls.`
      : `What runs in ${view.environment}: ${counts} between the versions running there; arrows point from a consumer to the provider it calls.`,
  ];
  if (blocked.size > 0) parts.push(`${blocked.size} ${blocked.size === 1 ? 'dependency is' : 'dependencies are'} blocked by the rollback checked and drawn dashed in red.`);
  parts.push('The same information follows as a list.');
  return parts.join(' ');
}

/** What a node says under its name in an environment's view: the versions running there. */
function versionLabels(view: GraphView): Map<string, string> {
  const labels = new Map<string, string>();
  if (!view.running) return labels;
  const verdict = view.rollback?.verdict;
  for (const [service, versions] of Object.entries(view.running)) {
    const moved = verdict && verdict.service === service && verdict.from !== null && verdict.from !== verdict.to;
    labels.set(service, moved ? `${verdict.from} → ${verdict.to}` : versions.join(', '));
  }
  return labels;
}

function versionsOf(versions: string[] | undefined): SafeHtml | '' {
  return versions && versions.length > 0 ? html` <span class="version">${versions.join(', ')}</span>` : '';
}

function scopeForm(view: GraphView): SafeHtml {
  return html`<form class="inline" method="get" action="/ui/graph" aria-label="Graph view">
<div><label for="graph-scope">Show</label><select id="graph-scope" name="environment">
<option value=""${view.environment === undefined ? html` selected` : ''}>All versions (every pact)</option>
${view.environments.map((e) => html`<option value="${e}"${e === view.environment ? html` selected` : ''}>What runs in ${e}</option>`)}
</select></div>
<button type="submit" class="secondary">Show</button>
</form>`;
}

/**
 * The dependency graph page: every service and pact, or what runs in one environment, with the
 * blocked edges of a refused rollback highlighted.
 */
export function graphPage(view: GraphView, frame: Frame = {}): SafeHtml {
  const verdict = view.rollback?.verdict;
  const blocked = blockedEdges(verdict);
  const labels = versionLabels(view);
  const layout = layoutGraph(
    view.services,
    view.edges.map((e) => ({ from: e.consumer, to: e.provider })),
    labels.size > 0 ? { nodeHeight: 46, labelLength: (name) => Math.max(name.length, labels.get(name)?.length ?? 0) } : {},
  );
  const edges = [...view.edges].sort((a, b) => a.consumer.localeCompare(b.consumer) || a.provider.localeCompare(b.provider));
  const input = view.rollback?.input;
  const linked = new Set(edges.flatMap((e) => [e.consumer, e.provider]));
  const alone = view.services.filter((s) => !linked.has(s));
  const error = view.rollback?.error ?? view.error;
  return page(
    { title: view.environment === undefined ? 'Dependency graph' : `Dependency graph: ${view.environment}`, section: 'graph', script: true, frame },
    html`<h1>Dependency graph${view.environment === undefined ? '' : html`: <span class="name">${view.environment}</span>`}</h1>
<p class="lead">${
      view.environment === undefined
        ? 'Services and the providers they call, from every published pact.'
        : verdict && verdict.from !== verdict.to
          ? `The versions running in ${view.environment}, with ${verdict.service} at ${verdict.to} as the rollback would leave it, and the providers they call.`
          : `The versions running in ${view.environment} and the providers they call.`
    } Check a rollback to see which dependencies block it.</p>
<div class="controls">
${scopeForm(view)}
${rollbackForm({ services: view.allServices ?? view.services, environments: view.environments, versions: view.versions ?? [], input: input ?? (view.environment ? { environment: view.environment } : {}) }, '/ui/graph', 'graph')}
</div>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${verdict ? verdictSummary(verdict, 'graph-verdict') : ''}
${
  view.services.length === 0
    ? html`<p class="notice">${view.environment === undefined ? 'No services yet.' : `Nothing runs in ${view.environment} yet.`}</p>`
    : html`<figure>
<div class="graph-wrap">${graphSvg(layout, blocked, verdict?.service, describe(view, blocked), labels)}</div>
<figcaption class="muted">Arrows point from a consumer to its provider.${blocked.size > 0 ? ' Dashed red arrows are blocked.' : ''}</figcaption>
</figure>
${verdict ? verdictDetails(verdict) : ''}
<h2 id="dependencies">Dependencies as a list</h2>
${
  edges.length === 0
    ? html`<p class="muted">${view.environment === undefined ? 'No pacts: no service depends on another yet.' : `No version running in ${view.environment} has a pact with a provider running there.`}</p>`
    : html`<ul aria-labelledby="dependencies" class="dependencies">${edges.map((e) => {
        const isBlocked = blocked.has(edgeKey(e.consumer, e.provider));
        return html`<li><a href="${href(['ui', 'services', e.consumer])}">${e.consumer}</a>${versionsOf(e.consumerVersions)} calls <a href="${href(['ui', 'services', e.provider])}">${e.provider}</a>${versionsOf(e.providerVersions)}${
          isBlocked ? html` <span class="badge level-breaking">blocked</span>` : ''
        }</li>`;
      })}</ul>`
}
${alone.length > 0 ? html`<p class="muted">Without dependencies${view.environment === undefined ? '' : ` in ${view.environment}`}: ${join(alone, ', ')}.</p>` : ''}`
}`,
  );
}
