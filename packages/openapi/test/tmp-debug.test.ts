import { it } from 'vitest';
import { buildModel, parseSpecText } from '../src/index.js';
import { createSchemaDiffContext, diffSchema } from '../src/diff/schema.js';
const doc = (body: unknown, schemas: unknown) => ({ openapi: '3.0.3', info: { title: 'g', version: '1' }, paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: body } } }, responses: { '200': { description: 'OK' } } } } }, components: { schemas } });
it('debug', async () => {
  const base = doc({ type: 'object', properties: { a: { $ref: '#/components/schemas/A' } } }, {
    A: { type: 'object', properties: { a: { type: 'object', properties: { a: { $ref: '#/components/schemas/B' } } } } },
    B: { oneOf: [{ oneOf: [{ $ref: '#/components/schemas/A' }] }, { $ref: '#/components/schemas/B' }] },
  });
  const rev = doc({ type: 'object', properties: { a: { $ref: '#/components/schemas/A' } } }, {
    A: { type: 'object', properties: { a: { type: 'object', properties: { a: { $ref: '#/components/schemas/B' } } } } },
    B: { oneOf: [{ $ref: '#/components/schemas/B' }, { oneOf: [{ $ref: '#/components/schemas/A' }] }] },
  });
  const m = async (d: unknown) => buildModel(await parseSpecText(JSON.stringify(d), { kind: 'text', name: 'x' }));
  const [b, r] = [await m(base), await m(rev)];
  const s = (x: typeof b) => x.operations[0]!.requestBody!.content[0]!.schema!;
  const ctx = createSchemaDiffContext(b, r);
  const d = diffSchema(ctx, s(b), s(r));
  const seen = new Set();
  console.log(JSON.stringify(d, (k, v) => { if (v && typeof v === 'object') { if (seen.has(v)) return '[seen]'; seen.add(v); } if (k === 'node') return undefined; return v; }, 1).slice(0, 3000));
});
