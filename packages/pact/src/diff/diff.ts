import { RollgateError, type ApiModel } from '@rollgate/openapi';
import type { Pact, PactInteraction, PactRequest, PactResponse } from '../parse/types.js';
import { extractUsage, type OperationUsage, type PactUsage } from '../usage/extract.js';

/** An interaction named the way Pact identifies it: description plus provider states. */
export interface InteractionRef {
  description: string;
  providerStates: string[];
}

/** One part of an interaction that differs between two pact versions. */
export interface InteractionChange {
  /** `request.path`, `request.query`, `request.headers`, `request.body`, `response.status`, ... */
  part: string;
  summary: string;
}

/** An operation named by method and path (template when a provider model was given). */
export interface OperationKey {
  method: string;
  path: string;
}

/** A dependency on one element of an operation: a parameter, a body field, a response field or status. */
export interface FieldDependency extends OperationKey {
  kind: 'parameter' | 'request-field' | 'response-field' | 'status';
  /** Parameter location, for `parameter`. */
  in?: string;
  /** Parameter name, JSON path of a field (`$.items[*].id`), or the status code. */
  name: string;
}

/** What changed between two versions of a consumer's pact. */
export interface PactDiff {
  consumer: string;
  provider: string;
  interactions: {
    added: InteractionRef[];
    removed: InteractionRef[];
    changed: (InteractionRef & { changes: InteractionChange[] })[];
  };
  /** Operations the consumer newly depends on, and ones it no longer calls. */
  operations: { added: OperationKey[]; removed: OperationKey[] };
  /** Dependencies within operations both versions call: newly relied on, and no longer needed. */
  fields: { added: FieldDependency[]; removed: FieldDependency[] };
}

/**
 * Compares two versions of a consumer's pact: interactions added, removed and changed (matched
 * by description and provider states), and the operations and fields the consumer newly depends
 * on or no longer needs. Pass the provider model to key operations by path template.
 */
export function diffPacts(old: Pact, next: Pact, provider?: ApiModel): PactDiff {
  if (old.consumer !== next.consumer || old.provider !== next.provider) {
    throw new RollgateError(
      'PACT_MISMATCH',
      `${next.name}: pact diff compares two versions of one pact, but ${old.name} is ${old.consumer} -> ${old.provider} and ${next.name} is ${next.consumer} -> ${next.provider}`,
      { file: next.name },
    );
  }
  const before = keyed(old.interactions);
  const after = keyed(next.interactions);
  const added: InteractionRef[] = [];
  const removed: InteractionRef[] = [];
  const changed: PactDiff['interactions']['changed'] = [];
  for (const [key, interaction] of after) {
    const previous = before.get(key);
    if (!previous) {
      added.push(ref(interaction));
      continue;
    }
    const changes = compareInteractions(previous, interaction);
    if (changes.length > 0) changed.push({ ...ref(interaction), changes });
  }
  for (const [key, interaction] of before) if (!after.has(key)) removed.push(ref(interaction));

  const oldUsage = extractUsage(old, provider);
  const newUsage = extractUsage(next, provider);
  return {
    consumer: next.consumer,
    provider: next.provider,
    interactions: { added, removed, changed },
    operations: {
      added: operationsOnlyIn(newUsage, oldUsage),
      removed: operationsOnlyIn(oldUsage, newUsage),
    },
    fields: {
      added: dependenciesOnlyIn(newUsage, oldUsage),
      removed: dependenciesOnlyIn(oldUsage, newUsage),
    },
  };
}

function ref(interaction: PactInteraction): InteractionRef {
  return { description: interaction.description, providerStates: interaction.providerStates.map((s) => s.name) };
}

/** An interaction's provider states in name order. */
function statesOf(interaction: PactInteraction): PactInteraction['providerStates'] {
  return [...interaction.providerStates].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** Interactions by identity; a repeated identity gets an occurrence number so none is lost. */
function keyed(interactions: readonly PactInteraction[]): Map<string, PactInteraction> {
  const out = new Map<string, PactInteraction>();
  for (const interaction of interactions) {
    // Provider states are a set: written in another order, they are the same interaction.
    const base = `${interaction.description}\u0000${statesOf(interaction).map((s) => s.name).join('\u0000')}`;
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}\u0000#${n}`;
    out.set(key, interaction);
  }
  return out;
}

function compareInteractions(a: PactInteraction, b: PactInteraction): InteractionChange[] {
  const changes: InteractionChange[] = [];
  const differ = (part: string, x: unknown, y: unknown, summary: () => string): void => {
    if (canonical(x) !== canonical(y)) changes.push({ part, summary: summary() });
  };
  const ra: PactRequest = a.request;
  const rb: PactRequest = b.request;
  differ('request.method', ra.method, rb.method, () => `${ra.method} became ${rb.method}`);
  differ('request.path', ra.path, rb.path, () => `${ra.path} became ${rb.path}`);
  differ('request.query', ra.query, rb.query, () => keyChanges(ra.query, rb.query, 'query parameter'));
  differ('request.headers', lowerKeys(ra.headers), lowerKeys(rb.headers), () => keyChanges(lowerKeys(ra.headers), lowerKeys(rb.headers), 'header'));
  differ('request.body', ra.body?.content, rb.body?.content, () => bodyChanges(ra.body?.content, rb.body?.content));
  differ('request.matchingRules', ra.matchingRules, rb.matchingRules, () => 'matching rules changed');
  const sa: PactResponse = a.response;
  const sb: PactResponse = b.response;
  differ('response.status', sa.status, sb.status, () => `${sa.status} became ${sb.status}`);
  differ('response.headers', lowerKeys(sa.headers), lowerKeys(sb.headers), () => keyChanges(lowerKeys(sa.headers), lowerKeys(sb.headers), 'header'));
  differ('response.body', sa.body?.content, sb.body?.content, () => bodyChanges(sa.body?.content, sb.body?.content));
  differ('response.matchingRules', sa.matchingRules, sb.matchingRules, () => 'matching rules changed');
  differ(
    'providerStates',
    statesOf(a).map((s) => s.params ?? null),
    statesOf(b).map((s) => s.params ?? null),
    () => 'provider state parameters changed',
  );
  return changes;
}

function lowerKeys(record: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

function keyChanges(a: Record<string, unknown>, b: Record<string, unknown>, noun: string): string {
  const parts: string[] = [];
  const addedKeys = Object.keys(b).filter((k) => !(k in a));
  const removedKeys = Object.keys(a).filter((k) => !(k in b));
  const changedKeys = Object.keys(b).filter((k) => k in a && canonical(a[k]) !== canonical(b[k]));
  if (addedKeys.length) parts.push(`${noun} added: ${addedKeys.join(', ')}`);
  if (removedKeys.length) parts.push(`${noun} removed: ${removedKeys.join(', ')}`);
  if (changedKeys.length) parts.push(`${noun} value changed: ${changedKeys.join(', ')}`);
  return parts.join('; ');
}

function bodyChanges(a: unknown, b: unknown): string {
  if (a === undefined) return 'body added';
  if (b === undefined) return 'body removed';
  const fa = fieldPaths(a);
  const fb = fieldPaths(b);
  const addedFields = [...fb].filter((p) => !fa.has(p));
  const removedFields = [...fa].filter((p) => !fb.has(p));
  const parts: string[] = [];
  if (addedFields.length) parts.push(`fields added: ${addedFields.join(', ')}`);
  if (removedFields.length) parts.push(`fields removed: ${removedFields.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'example values changed';
}

function fieldPaths(value: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((element) => walk(element, `${path}[*]`));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        const childPath = /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}['${key}']`;
        out.add(childPath);
        walk(child, childPath);
      }
    }
  };
  walk(value, '$');
  return out;
}

/** JSON with sorted keys, so key order never reads as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  ) ?? 'undefined';
}

function opKey(op: OperationKey): string {
  return `${op.method} ${op.path}`;
}

function operationsOnlyIn(a: PactUsage, b: PactUsage): OperationKey[] {
  const other = new Set(b.operations.map(opKey));
  return a.operations.filter((op) => !other.has(opKey(op))).map((op) => ({ method: op.method, path: op.path }));
}

function dependencies(op: OperationUsage): Map<string, FieldDependency> {
  const out = new Map<string, FieldDependency>();
  const base = { method: op.method, path: op.path };
  for (const p of op.request.parameters) out.set(`p:${p.in}:${p.name}`, { ...base, kind: 'parameter', in: p.in, name: p.name });
  for (const f of op.request.bodyFields) out.set(`q:${f}`, { ...base, kind: 'request-field', name: f });
  for (const s of op.response.statuses) out.set(`s:${s}`, { ...base, kind: 'status', name: s });
  for (const f of op.response.fields) out.set(`r:${f}`, { ...base, kind: 'response-field', name: f });
  return out;
}

/** Dependencies in operations both versions use that only `a` has. */
function dependenciesOnlyIn(a: PactUsage, b: PactUsage): FieldDependency[] {
  const others = new Map(b.operations.map((op) => [opKey(op), dependencies(op)]));
  const out: FieldDependency[] = [];
  for (const op of a.operations) {
    const other = others.get(opKey(op));
    if (!other) continue;
    for (const [key, dependency] of dependencies(op)) if (!other.has(key)) out.push(dependency);
  }
  return out;
}
