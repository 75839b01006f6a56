import { operationKey } from '@rollgate/openapi';
import type { Change } from '@rollgate/openapi';

/** `*` stands for any array index (and for `-` in pointers), so usage and change paths compare. */
type Step = string;

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Splits a body field into steps. Accepts the JSON path form (`$.items[*].sku`, `$['a b']`)
 * and the JSON pointer form (`/items/-/sku`, `/items/0/sku`); array indexes become `*`.
 * Returns undefined for text in neither form.
 */
export function fieldSteps(field: string): Step[] | undefined {
  if (field === '' || field === '/') return [];
  if (field.startsWith('/')) {
    return field
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (s === '-' || /^\d+$/.test(s) ? '*' : s));
  }
  if (!field.startsWith('$')) return undefined;
  const steps: Step[] = [];
  let i = 1;
  while (i < field.length) {
    const c = field[i];
    if (c === '.') {
      const m = /^[^.[]+/.exec(field.slice(i + 1));
      if (!m) return undefined;
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = field.slice(i);
      const quoted = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest);
      const bare = /^\[(\*|\d+)\]/.exec(rest);
      if (quoted) {
        steps.push(quoted[1]!.replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else if (bare) {
        steps.push('*');
        i += bare[0].length;
      } else return undefined;
    } else return undefined;
  }
  return steps;
}

/** Writes a body field as a JSON path (`$.items[*].sku`), whatever form it was recorded in. */
export function displayField(field: string): string {
  const steps = fieldSteps(field);
  if (!steps) return field;
  let out = '$';
  for (const s of steps) out += s === '*' ? '[*]' : IDENTIFIER.test(s) ? `.${s}` : `['${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  return out;
}

/**
 * The fields worth showing: a field that contains another listed field (`$.lines` beside
 * `$.lines[*].sku`) says nothing more, so only the innermost ones are kept, in JSON path form.
 */
export function leafFields(fields: readonly string[]): string[] {
  const steps = fields.map((f) => ({ f, s: fieldSteps(f) }));
  const kept = steps.filter(
    ({ f, s }) => !s || !steps.some((o) => o.f !== f && o.s && o.s.length > s.length && s.every((step, i) => o.s![i] === step)),
  );
  return [...new Set(kept.map(({ f }) => displayField(f)))];
}

/** True when one field is the other or contains it: a change to either reaches the other. */
export function fieldsOverlap(a: string, b: string): boolean {
  const x = fieldSteps(a);
  const y = fieldSteps(b);
  if (!x || !y) return a === b;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Matches a concrete path (`/orders/42`) or a template (`/orders/{orderId}`) against an operation's template. */
export function pathMatches(template: string, path: string): boolean {
  if (operationKey('GET', template) === operationKey('GET', path)) return true;
  const pattern = template
    .split(/(\{[^}/]*\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(path);
}

/** What a consumer version uses of one operation, as the store records it. */
export interface UsageLike {
  method: string;
  path: string;
  params: { in: string; name: string }[];
  requestFields: string[];
  responseFields: string[];
  statuses: number[];
}

function statusCovers(status: string, used: number): boolean {
  if (status === 'default') return true;
  if (/^[1-5]XX$/i.test(status)) return String(used)[0] === status[0];
  return String(used) === status;
}

/**
 * Whether a change reaches a consumer's usage of the changed operation, and through which field.
 * Response changes reach consumers that read the field (or a field inside or around it) of a
 * status they expect; request changes reach consumers that send the field or parameter, and
 * every consumer when the change adds a requirement. Changes to the operation as a whole, its
 * security or its response headers reach every consumer of the operation.
 */
export function changeAffects(change: Pick<Change, 'id' | 'direction' | 'operation' | 'target'>, usage: UsageLike): { affected: boolean; field?: string } {
  const op = change.operation;
  if (!op || op.method.toUpperCase() !== usage.method.toUpperCase() || !pathMatches(op.path, usage.path)) return { affected: false };
  const target = change.target;
  if (!target || target.in === 'operation' || target.in === 'security' || target.name === undefined) return { affected: true };
  // One change may show at several paths of a body (a shared schema): a field at any of them counts.
  const paths = [target.name, ...(target.alsoAt ?? [])];
  const overlaps = (fields: readonly string[]): string | undefined => leafFields(fields).find((f) => paths.some((path) => fieldsOverlap(f, path)));
  if (change.direction === 'response') {
    if (target.status && usage.statuses.length > 0 && !usage.statuses.some((s) => statusCovers(target.status!, s))) {
      return { affected: false };
    }
    if (target.in !== 'body') return { affected: true };
    if (fieldSteps(target.name)?.length === 0) return { affected: true };
    // Leaves only: a pact lists the containers of what it reads too (`$`, `$.items`), and those
    // would otherwise overlap every sibling of the fields actually read.
    const field = overlaps(usage.responseFields);
    return field !== undefined ? { affected: true, field: displayField(field) } : { affected: false };
  }
  // A newly required input breaks the consumers that do not send it, so it reaches everyone.
  const addsRequirement = /required|added/.test(change.id) && !/optional/.test(change.id);
  if (target.in === 'body') {
    const field = overlaps(usage.requestFields);
    if (field !== undefined) return { affected: true, field: displayField(field) };
    return { affected: addsRequirement };
  }
  // Header names are case-insensitive; other parameter names are not.
  const same = (name: string): boolean => (target.in === 'header' ? name.toLowerCase() === target.name!.toLowerCase() : name === target.name);
  const param = usage.params.find((p) => p.in === target.in && same(p.name));
  if (param) return { affected: true, field: `${param.in} ${param.name}` };
  return { affected: addsRequirement };
}
