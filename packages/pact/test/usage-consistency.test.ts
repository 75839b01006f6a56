import { describe, expect, it } from 'vitest';
import { buildModel, checkSpecs, childPointer, getAtPointer, parseSpecText, refToPointer } from '@rollgate/openapi';
import type { ApiModel, Change, OperationModel } from '@rollgate/openapi';
import { extractUsage, jsonPath, parsePact, verifyPact } from '../src/index.js';
import type { Pact, PactBody } from '../src/index.js';
import { fixtureCases, fixtureModel, fixtureText } from './helpers.js';

// "Who uses this field" joins the fields a pact's usage lists with the `target.name` of the schema
// diff's changes. This test holds the two namings together on every fixture case: each field path
// the usage reports must resolve in the provider's schema by the diff's grammar, and changing the
// schema at that field must give a change whose target is exactly that path.

type Json = Record<string, unknown>;
type FieldStep = { property: string } | { items: true } | { values: true };

const TOKEN = /\.([A-Za-z_$][\w$]*)|\.\*|\[\*\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** Splits a field path of the diff's grammar: `.name`, `["odd name"]`, `[*]` (items), `.*` (map values). */
function parseField(path: string): FieldStep[] {
  expect(path.startsWith('$')).toBe(true);
  const steps: FieldStep[] = [];
  TOKEN.lastIndex = 1;
  while (TOKEN.lastIndex < path.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(path);
    if (!match) throw new Error(`${path}: not a field path at offset ${at}`);
    if (match[1] !== undefined) steps.push({ property: match[1] });
    else if (match[2] !== undefined) steps.push({ property: JSON.parse(match[2]) as string });
    else steps.push(match[0] === '[*]' ? { items: true } : { values: true });
  }
  return steps;
}

interface Slot {
  /** Pointer of the schema slot the step reached (`.../properties/x`, `.../items`, `.../additionalProperties`). */
  pointer: string;
}

/** The schema nodes a pointer stands for: the node behind its `$ref`s and every `allOf`/`oneOf`/`anyOf` part. */
function parts(doc: Json, pointer: string, seen = new Set<string>()): { pointer: string; node: Json }[] {
  let node = getAtPointer(doc, pointer);
  while (isObject(node) && typeof node.$ref === 'string') {
    pointer = refToPointer(node.$ref)!;
    node = getAtPointer(doc, pointer);
  }
  if (!isObject(node) || seen.has(pointer)) return [];
  seen.add(pointer);
  const out = [{ pointer, node }];
  for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
    const list = node[keyword];
    if (Array.isArray(list)) list.forEach((_, i) => out.push(...parts(doc, childPointer(pointer, keyword, i), seen)));
  }
  return out;
}

/** The schema slots a field path reaches from the body schemas, following the diff's grammar. */
function resolveField(doc: Json, roots: string[], steps: FieldStep[]): Slot[] {
  let slots: Slot[] = roots.map((pointer) => ({ pointer }));
  for (const step of steps) {
    const next: Slot[] = [];
    for (const slot of slots) {
      for (const part of parts(doc, slot.pointer)) {
        if ('property' in step) {
          if (isObject(part.node.properties) && step.property in part.node.properties) next.push({ pointer: childPointer(part.pointer, 'properties', step.property) });
        } else if ('items' in step) {
          if (isObject(part.node.items)) next.push({ pointer: childPointer(part.pointer, 'items') });
        } else if (isObject(part.node.additionalProperties)) {
          next.push({ pointer: childPointer(part.pointer, 'additionalProperties') });
        }
      }
    }
    slots = next;
  }
  return slots;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Body schema pointers of the responses the statuses select (exact, `2XX`, `default`). */
function responseRoots(op: OperationModel, statuses: string[]): string[] {
  const roots: string[] = [];
  for (const status of statuses) {
    const response =
      op.responses.find((r) => r.status === status) ??
      op.responses.find((r) => r.status.toUpperCase() === `${status[0]}XX`) ??
      op.responses.find((r) => r.status === 'default');
    for (const media of response?.content ?? []) if (media.schema) roots.push(media.schema.pointer);
  }
  return roots;
}

/** Field paths (usage form) of the fields `verifyPact` reports as undeclared by the provider. */
function undeclaredFields(pact: Pact, model: ApiModel): Set<string> {
  const out = new Set<string>();
  for (const finding of verifyPact(pact, model).findings) {
    if (!/is not in the provider's response schema|is not allowed by the provider's schema/.test(finding.message)) continue;
    const interaction = pact.interactions[finding.interactionIndex]!;
    const body: PactBody | undefined = finding.pactPointer.includes('/response/') ? interaction.response.body : interaction.request.body;
    if (!body || !finding.pactPointer.startsWith(`${body.pointer}/`)) continue;
    const tokens = finding.pactPointer.slice(body.pointer.length + 1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    let value: unknown = body.content;
    const steps: (string | number)[] = [];
    for (const token of tokens) {
      const step = Array.isArray(value) ? Number(token) : token;
      steps.push(step);
      value = (value as Record<string | number, unknown>)[step];
    }
    out.add(jsonPath(steps, true));
  }
  return out;
}

const isUnder = (path: string, ancestor: string): boolean => path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);

/** A copy of the document with the schema slot replaced by one of a different type. */
function retyped(doc: Json, pointer: string): Json {
  const copy = structuredClone(doc);
  const tokens = pointer.split('/').slice(1).map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  const key = tokens.pop()!;
  const parent = tokens.reduce<Json>((node, token) => node[token] as Json, copy);
  const before = parts(doc, pointer).find((p) => p.node.type !== undefined)?.node.type;
  parent[key] = { type: before === 'boolean' ? 'string' : 'boolean' };
  return copy;
}

describe('usage paths join the schema diff', () => {
  let joinedTotal = 0;
  const cases = fixtureCases().filter((name) => !JSON.parse(fixtureText(name, 'expected.json')).error);

  for (const name of cases) {
    it(name, async () => {
      const model = await fixtureModel(name);
      const doc = model.spec.document;
      const pact = parsePact(fixtureText(name, 'pact.json'), `${name}/pact.json`);
      const findings = verifyPact(pact, model).findings;
      const checked = new Set<string>();
      let joined = 0;
      // One interaction at a time, so each response field is resolved under the status that produced it.
      for (const interaction of pact.interactions) {
        const single: Pact = { ...pact, interactions: [{ ...interaction, index: 0 }] };
        const undeclared = undeclaredFields(single, model);
        const [usage] = extractUsage(single, model).operations;
        if (!usage?.matched) continue;
        const op = model.findOperation(usage.method, usage.path)!;
        const roots = responseRoots(op, usage.response.statuses);
        if (roots.length === 0 && usage.response.fields.length > 0) {
          // A status the provider never declares has no schema to resolve in; verify reports it.
          const reported = findings.filter((f) => f.interactionIndex === interaction.index).map((f) => f.code);
          expect(reported.some((code) => code === 'response.status.unknown' || code === 'response.body.unknown' || code === 'response.content-type.incompatible')).toBe(true);
        }
        const sides = [
          { direction: 'response' as const, fields: roots.length > 0 ? usage.response.fields : [], roots: roots },
          { direction: 'request' as const, fields: usage.request.bodyFields, roots: op.requestBody?.content.flatMap((m) => (m.schema ? [m.schema.pointer] : [])) ?? [] },
        ];
        for (const side of sides) {
          for (const field of side.fields) {
            const slots = resolveField(doc, side.roots, parseField(field));
            if (slots.length === 0) {
              // Only a field the provider does not declare may fail to resolve, and verify says so.
              expect([...undeclared].some((u) => isUnder(field, u)), `${usage.method} ${usage.path} ${side.direction} ${field} resolves nowhere`).toBe(true);
              continue;
            }
            const key = `${usage.method} ${usage.path} ${side.direction} ${field}`;
            if (field === '$' || checked.has(key)) continue;
            checked.add(key);
            // Retyping the field must produce a change targeted at exactly this path.
            const revision = buildModel(await parseSpecText(JSON.stringify(retyped(doc, slots[0]!.pointer)), { kind: 'text', name: `${name}-revision.json` }));
            const targets = checkSpecs(model, revision)
              .filter((c: Change) => c.operation?.method === usage.method && c.operation.path === usage.path && c.direction === side.direction && c.target?.in === 'body')
              .map((c) => c.target!.name);
            expect(targets, key).toContain(field);
            joined++;
          }
        }
      }
      joinedTotal += joined;
    });
  }

  it('joins fields in every case that reads or sends any', () => {
    expect(joinedTotal).toBeGreaterThan(100);
  });
});
