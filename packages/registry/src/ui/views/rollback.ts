import { href, html, join, type SafeHtml } from '../html.js';
import { page, type Frame } from '../layout.js';
import { selectField } from './form.js';
import type { Blocker } from '../../schemas.js';
import type { RollbackVerdict, RollbackView } from './models.js';

/**
 * The rollback form, reused on the graph page. The target's suggestions are the chosen service's
 * versions: the script refills them when another service is chosen; without it, submitting the
 * form with the service alone reloads it with them.
 */
export function rollbackForm(view: Pick<RollbackView, 'services' | 'environments' | 'versions' | 'input'>, action: string, idPrefix: string): SafeHtml {
  const list = `${idPrefix}-versions`;
  return html`<form class="inline" method="get" action="${action}">
${selectField(`${idPrefix}-service`, 'Service', 'service', view.services, view.input.service, { choose: true, attributes: html` data-versions-list="${list}"` })}
${selectField(`${idPrefix}-environment`, 'Environment', 'environment', view.environments, view.input.environment, { choose: true })}
<div><label for="${idPrefix}-to">Target version</label>
<input id="${idPrefix}-to" name="to" required value="${view.input.to ?? ''}" size="${inputSize([view.input.to ?? '', ...view.versions])}" list="${list}" autocomplete="off" aria-describedby="${list}-status">
<datalist id="${list}">${view.versions.map((v) => html`<option value="${v}"></option>`)}</datalist>
</div>
<button type="submit">Check rollback</button>
<p id="${list}-status" class="form-status muted" aria-live="polite">${versionsStatus(view.input.service, view.versions)}</p>
</form>`;
}

// Wide enough for the versions offered, so a long one is not cut off; CSS caps it at the form's width.
function inputSize(values: string[]): number {
  return Math.min(60, Math.max(20, ...values.map((v) => v.length + 2)));
}

function versionsStatus(service: string | undefined, versions: string[]): string {
  if (!service) return '';
  return versions.length === 0 ? `${service} has no versions.` : `Suggesting ${versions.length === 1 ? '1 version' : `${versions.length} versions`} of ${service}.`;
}

function endpoint(b: Blocker): SafeHtml {
  // `*` stands for the whole pact: no spec and no verification to judge it by.
  const parts = [b.method, b.path].filter((part) => part !== '*' && part !== '');
  if (parts.length === 0) return html`<span class="cell-empty">whole pact</span>`;
  // The method stays with the path's first segment; a long path may wrap after any later slash.
  const path = parts[parts.length - 1]!.split('/');
  const [first, ...rest] = path;
  const wrapped = join([first, ...rest.map((segment, i) => html`${i === 0 ? '' : html`<wbr>`}/${segment}`)]);
  return html`<code>${parts.length === 2 ? html`${parts[0]}\u00a0` : ''}${wrapped}</code>`;
}

function blockerRows(blockers: Blocker[]): SafeHtml {
  return html`<div class="table-wrap"><table class="blockers">
<caption>Blockers</caption>
<thead><tr><th scope="col">Consumer</th><th scope="col">Consumer version</th><th scope="col">Provider</th><th scope="col">Endpoint</th><th scope="col">Problem</th></tr></thead>
<tbody>
${blockers.map(
  (b) => html`<tr><th scope="row"><a href="${href(['ui', 'services', b.consumer])}">${b.consumer}</a></th><td>${b.consumerVersion}</td><td>${b.provider} ${b.providerVersion}</td><td>${endpoint(b)}</td><td>${b.message} <code class="muted">${b.code}</code></td></tr>
`,
)}</tbody></table></div>`;
}

/** The verdict's blockers and what the check could not judge. */
export function verdictDetails(v: RollbackVerdict): SafeHtml {
  return html`${v.blockers.length > 0 ? blockerRows(v.blockers) : ''}
${
  v.notices.length > 0
    ? html`<h3>Not judged</h3><ul class="notices">${v.notices.map((n) => html`<li>${n.message} <code class="muted">${n.code}</code></li>`)}</ul>`
    : ''
}`;
}

/** The verdict itself, announced as a status: refused or safe, and who is in the way. */
export function verdictSummary(v: RollbackVerdict, headingId: string): SafeHtml {
  const move = v.from ? html`from ${v.from} to ${v.to}` : html`to ${v.to}`;
  const consumers = [...new Set(v.blockers.map((b) => b.consumer))];
  return html`<section class="verdict ${v.safe ? 'status-ok' : 'status-bad'}" aria-labelledby="${headingId}" role="status">
<h2 id="${headingId}">${v.safe ? 'Safe' : 'Refused'}: rolling ${v.service} back ${move} in ${v.environment}</h2>
<p>${
    v.safe
      ? v.from === v.to
        ? `${v.service} ${v.to} already runs in ${v.environment}.`
        : `Every consumer running in ${v.environment} is compatible with ${v.service} ${v.to}, and ${v.service} ${v.to}'s own pacts hold against the providers running there.`
      : html`${v.blockers.length} ${v.blockers.length === 1 ? 'blocker' : 'blockers'}; in the way: ${join(
          consumers.map((c) => html`<strong>${c}</strong>`),
          ', ',
        )}.`
  }</p>
</section>`;
}

/** The rollback check page: service, environment and target version in, the verdict out. */
export function rollbackPage(view: RollbackView, frame: Frame = {}): SafeHtml {
  const v = view.verdict;
  return page(
    { title: v ? `Rollback of ${v.service}: ${v.safe ? 'safe' : 'refused'}` : 'Rollback check', section: 'rollback', script: true, frame },
    html`<h1>Rollback check</h1>
<p class="lead">May a service go back to an earlier version in an environment? The answer is the same as <code>GET /rollback-check</code>.</p>
${rollbackForm(view, '/ui/rollback', 'rollback')}
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
${
  v
    ? html`${verdictSummary(v, 'verdict')}
${verdictDetails(v)}
<p><a href="${href(['ui', 'graph'], { service: v.service, environment: v.environment, to: v.to })}">Show on the dependency graph</a> · <a href="${href(
        ['rollback-check'],
        { service: v.service, environment: v.environment, to: v.to },
      )}">JSON answer</a></p>`
    : ''
}`,
  );
}
